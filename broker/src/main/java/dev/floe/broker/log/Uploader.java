package dev.floe.broker.log;

import dev.floe.broker.catalog.CatalogStorage;
import dev.floe.broker.catalog.FencedException;
import dev.floe.broker.catalog.PartitionCommit;
import dev.floe.broker.objectstore.ObjectFormat;
import dev.floe.broker.objectstore.ObjectStore;
import dev.floe.broker.wal.WriteAheadLog;
import org.apache.kafka.common.TopicIdPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Moves durable WAL data into the bucket: one object per round holding every owned partition's new
 * batches, committed to the catalog in one epoch-guarded transaction, after which the WAL is trimmed.
 */
public final class Uploader {
    private static final Logger log = LoggerFactory.getLogger(Uploader.class);
    private final LogManager logs;
    private final WriteAheadLog wal;
    private final ObjectStore store;
    private final CatalogStorage storage;
    private final int nodeId;
    private final long uploadBytes;
    private final long intervalMs;
    private final ScheduledExecutorService executor;

    public Uploader(LogManager logs, WriteAheadLog wal, ObjectStore store, CatalogStorage storage, int nodeId, long uploadBytes,
                    long intervalMs, ScheduledExecutorService executor) {
        this.logs = logs;
        this.wal = wal;
        this.store = store;
        this.storage = storage;
        this.nodeId = nodeId;
        this.uploadBytes = uploadBytes;
        this.intervalMs = intervalMs;
        this.executor = executor;
    }

    public void start() {
        executor.scheduleWithFixedDelay(this::tick, 50, 50, TimeUnit.MILLISECONDS);
    }

    private void tick() {
        try {
            if (due()) {
                uploadAll();
            }
        } catch (Throwable e) {
            log.warn("upload round failed; will retry", e);
        }
    }

    private boolean due() {
        long bytes = 0;
        long oldest = Long.MAX_VALUE;
        for (PartitionLog p : logs.all()) {
            long b = p.unuploadedBytes();
            if (b > 0) {
                bytes += b;
                oldest = Math.min(oldest, p.oldestUnuploadedAt());
            }
        }
        return bytes > 0 && (bytes >= uploadBytes || System.currentTimeMillis() - oldest >= intervalMs || wal.usage() > 0.5);
    }

    /** Uploads everything durable now (graceful shutdown, tests). */
    public CompletableFuture<Void> flush() {
        return CompletableFuture.runAsync(this::uploadAll, executor);
    }

    public synchronized void uploadAll() {
        List<UploadSlice> slices = new ArrayList<>();
        for (PartitionLog p : logs.all()) {
            UploadSlice s = p.uploadSlice();
            if (s != null) {
                slices.add(s);
            }
        }
        if (!slices.isEmpty()) {
            upload(slices);
        }
        trimWal();
    }

    /**
     * Hands a partition back: stops appends, waits until they are durable, uploads the rest and
     * lets {@code release} give up ownership in the catalog — all before the WAL may be trimmed past it.
     */
    public synchronized void relinquish(TopicIdPartition tp, Runnable release) {
        PartitionLog p = logs.remove(tp);
        if (p == null) {
            return;
        }
        p.close().join();
        UploadSlice s = p.uploadSlice();
        if (s != null) {
            upload(List.of(s));
        }
        p.dropCache();
        release.run();
    }

    /**
     * Hands several partitions back at once (moves, graceful shutdown): stop their appends, upload everything durable
     * in one object, then release each. The others keep serving throughout.
     */
    public synchronized void relinquish(Collection<TopicIdPartition> partitions, Consumer<PartitionLog> release) {
        List<PartitionLog> leaving = new ArrayList<>();
        for (TopicIdPartition tp : partitions) {
            PartitionLog p = logs.get(tp);
            if (p != null) {
                leaving.add(p);
            }
        }
        List<CompletableFuture<Long>> durable = new ArrayList<>();
        for (PartitionLog p : leaving) {
            durable.add(p.close());
        }
        CompletableFuture.allOf(durable.toArray(CompletableFuture[]::new)).join();
        uploadAll();
        for (PartitionLog p : leaving) {
            if (logs.remove(p.partition()) != null) {
                p.dropCache();
                release.accept(p);
            }
        }
    }

    private void upload(List<UploadSlice> slices) {
        List<ByteBuffer> runs = new ArrayList<>();
        List<ObjectFormat.IndexEntry> entries = new ArrayList<>();
        List<PartitionCommit> commits = new ArrayList<>();
        long pos = 0;
        for (UploadSlice s : slices) {
            TopicIdPartition tp = s.log().partition();
            long len = s.bytes();
            for (CachedBatch cb : s.batches()) {
                runs.add(cb.bytes());
            }
            entries.add(new ObjectFormat.IndexEntry(tp.topicId(), tp.partition(), s.expectedEnd(), s.newEnd(), pos, len, s.maxTimestamp()));
            commits.add(new PartitionCommit(tp, nodeId, s.epoch(), s.expectedEnd(), s.newEnd(), pos, len, s.maxTimestamp(), s.producerRows()));
            pos += len;
        }
        ByteBuffer object = ObjectFormat.build(runs, entries);
        String key = ObjectKeys.newDataObject(nodeId);
        store.put(key, object.duplicate());
        List<UploadSlice> committed = new ArrayList<>(slices);
        while (!commits.isEmpty()) {
            try {
                storage.commitUpload(key, object.remaining(), nodeId, commits);
                break;
            } catch (FencedException f) {
                // Another broker owns this partition now; what we held for it is not ours to commit.
                log.warn("fenced on {} during upload; dropping it", f.partition());
                commits.removeIf(c -> c.partition().equals(f.partition()));
                committed.removeIf(s -> s.log().partition().equals(f.partition()));
                PartitionLog gone = logs.remove(f.partition());
                if (gone != null) {
                    gone.dropCache();
                }
            }
        }
        for (UploadSlice s : committed) {
            s.log().markUploaded(s);
        }
        logs.evictIfNeeded();
        log.debug("uploaded {} ({} bytes, {} partitions)", key, object.remaining(), committed.size());
    }

    private void trimWal() {
        long pos = wal.writePosition();
        for (PartitionLog p : logs.all()) {
            pos = Math.min(pos, p.walPositionNeeded());
        }
        if (pos > wal.trimPosition()) {
            wal.trim(pos);
        }
    }
}
