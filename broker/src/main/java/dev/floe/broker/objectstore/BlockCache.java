package dev.floe.broker.objectstore;

import java.nio.ByteBuffer;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Reads object bytes in fixed-size aligned blocks through an LRU cache, so consumers catching up
 * on old data issue few, large ranged GETs and repeated reads hit memory.
 */
public final class BlockCache {
    private final ObjectStore store;
    private final int blockSize;
    private final long capacityBytes;
    private final LinkedHashMap<String, ByteBuffer> blocks = new LinkedHashMap<>(64, 0.75f, true);
    private long sizeBytes;

    public BlockCache(ObjectStore store, int blockSize, long capacityBytes) {
        this.store = store;
        this.blockSize = blockSize;
        this.capacityBytes = capacityBytes;
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

    private ByteBuffer block(String key, long blockIndex) {
        String id = key + "#" + blockIndex;
        synchronized (this) {
            ByteBuffer cached = blocks.get(id);
            if (cached != null) {
                return cached;
            }
        }
        long start = blockIndex * blockSize;
        // A range past the object's end is clamped by S3, so the last block simply comes back shorter.
        ByteBuffer fetched = store.get(key, start, blockSize);
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
        return fetched;
    }
}
