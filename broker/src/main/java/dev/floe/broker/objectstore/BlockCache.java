package dev.floe.broker.objectstore;

import java.nio.ByteBuffer;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;

/**
 * Reads object bytes in fixed-size aligned blocks through an LRU cache, so consumers catching up
 * on old data issue few, large ranged GETs and repeated reads hit memory. Concurrent readers of one
 * block share a single GET, and readers may ask for blocks they will need next to be fetched ahead.
 */
public final class BlockCache {
    private final ObjectStore store;
    private final int blockSize;
    private final long capacityBytes;
    private final Executor prefetchExecutor;
    private final LinkedHashMap<String, ByteBuffer> blocks = new LinkedHashMap<>(64, 0.75f, true);
    private final Map<String, CompletableFuture<ByteBuffer>> inFlight = new ConcurrentHashMap<>();
    private long sizeBytes;

    public BlockCache(ObjectStore store, int blockSize, long capacityBytes, Executor prefetchExecutor) {
        this.store = store;
        this.blockSize = blockSize;
        this.capacityBytes = capacityBytes;
        this.prefetchExecutor = prefetchExecutor;
    }

    /** Returns bytes [position, position+length) of the object (fewer only if the object ends first). */
    public ByteBuffer read(String key, long position, int length) {
        ByteBuffer out = ByteBuffer.allocate(length);
        long at = position;
        while (out.hasRemaining()) {
            long blockIndex = at / blockSize;
            ByteBuffer block = block(key, blockIndex);
            int inBlock = (int) (at - blockIndex * blockSize);
            if (inBlock >= block.limit()) {
                break;
            }
            int n = Math.min(out.remaining(), block.limit() - inBlock);
            out.put(block.duplicate().position(inBlock).limit(inBlock + n));
            at += n;
        }
        return out.flip();
    }

    /** Starts fetching the blocks covering [position, position+length) in the background. */
    public void prefetch(String key, long position, long length) {
        for (long b = position / blockSize; b <= (position + length - 1) / blockSize; b++) {
            String id = key + "#" + b;
            synchronized (this) {
                if (blocks.containsKey(id)) {
                    continue;
                }
            }
            long blockIndex = b;
            CompletableFuture<ByteBuffer> f = new CompletableFuture<>();
            if (inFlight.putIfAbsent(id, f) == null) {
                try {
                    prefetchExecutor.execute(() -> fetch(id, key, blockIndex, f));
                } catch (java.util.concurrent.RejectedExecutionException busy) {
                    inFlight.remove(id, f); // read-ahead is optional; the reader fetches it itself
                    f.complete(null);
                }
            }
        }
    }

    private ByteBuffer block(String key, long blockIndex) {
        String id = key + "#" + blockIndex;
        synchronized (this) {
            ByteBuffer cached = blocks.get(id);
            if (cached != null) {
                return cached;
            }
        }
        CompletableFuture<ByteBuffer> mine = new CompletableFuture<>();
        CompletableFuture<ByteBuffer> existing = inFlight.putIfAbsent(id, mine);
        if (existing != null) {
            ByteBuffer shared = existing.join();
            if (shared != null) {
                return shared;
            }
            return block(key, blockIndex);
        }
        fetch(id, key, blockIndex, mine);
        return mine.join();
    }

    private void fetch(String id, String key, long blockIndex, CompletableFuture<ByteBuffer> result) {
        try {
            // A range past the object's end is clamped by S3, so the last block simply comes back shorter.
            ByteBuffer fetched = store.get(key, blockIndex * blockSize, blockSize);
            synchronized (this) {
                if (blocks.put(id, fetched) == null) {
                    sizeBytes += fetched.capacity();
                }
                var it = blocks.entrySet().iterator();
                while (sizeBytes > capacityBytes && it.hasNext()) {
                    Map.Entry<String, ByteBuffer> eldest = it.next();
                    sizeBytes -= eldest.getValue().capacity();
                    it.remove();
                }
            }
            result.complete(fetched);
        } catch (Throwable e) {
            result.completeExceptionally(e);
        } finally {
            inFlight.remove(id, result);
        }
    }
}
