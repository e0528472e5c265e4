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
 * Moves durable WAL data into the bucket: objects holding every owned partition's new batches, each committed to
 * the catalog in one epoch-guarded transaction, after which the WAL is trimmed.
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
    /**
     * Largest object one PUT carries. When producers outrun the uploads, what is pending goes out in several objects
     * instead of one ever larger one: S3-compatible servers refuse large single PUTs, and a refused one would only
     * grow on every retry while the WAL fills up.
     */
    private final long maxObjectBytes;
    private final ScheduledExecutorService executor;

    public Uploader(LogManager logs, WriteAheadLog wal, ObjectStore store, CatalogStorage storage, int nodeId, long uploadBytes,
                    long intervalMs, long maxObjectBytes, ScheduledExecutorService executor) {
        this.logs = logs;
        this.wal = wal;
        this.store = store;
        this.storage = storage;
        this.nodeId = nodeId;
        this.uploadBytes = uploadBytes;
        this.intervalMs = intervalMs;
        this.maxObjectBytes = maxObjectBytes;
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

    /**
     * Uploads what is durable now, in objects of at most {@code maxObjectBytes}, trimming the WAL after each. Data
     * appended meanwhile waits for the next round, so a hand-over waiting for this lock is not held up by producers.
     */
    public synchronized void uploadAll() {
        long pending = 0;
        for (PartitionLog p : logs.all()) {
            pending += p.unuploadedBytes();
        }
        List<UploadSlice> slices = nextObject(logs.all());
        while (!slices.isEmpty() && upload(slices) > 0) {
            trimWal();
            pending -= slices.stream().mapToLong(UploadSlice::bytes).sum();
            slices = pending > 0 ? nextObject(logs.all()) : List.of();
        }
        trimWal();
    }

    /**
     * Uploads every batch of closed partitions (they take no appends), leaving out those fenced on the way. Each
     * object either commits a partition's slice or drops the partition as fenced, so this ends.
     */
    private void uploadEverything(List<PartitionLog> closed) {
        List<UploadSlice> slices = nextObject(stillOurs(closed));
        while (!slices.isEmpty()) {
            upload(slices);
            slices = nextObject(stillOurs(closed));
        }
        trimWal();
    }

    private List<PartitionLog> stillOurs(List<PartitionLog> partitions) {
        return partitions.stream().filter(p -> logs.get(p.partition()) == p).toList();
    }

    /** The partitions' oldest pending batches, up to one object's worth. */
    private List<UploadSlice> nextObject(Collection<PartitionLog> partitions) {
        List<UploadSlice> slices = new ArrayList<>();
        long room = maxObjectBytes;
        for (PartitionLog p : partitions) {
            if (room <= 0) {
                break;
            }
            UploadSlice s = p.uploadSlice(room);
            if (s != null) {
                slices.add(s);
                room -= s.bytes();
            }
        }
        return slices;
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
        List<UploadSlice> slices = nextObject(List.of(p));
        while (!slices.isEmpty() && upload(slices) > 0) {
            slices = nextObject(List.of(p)); // closed: nothing new arrives
        }
        p.dropCache();
        release.run();
    }

    /**
     * Hands several partitions back at once (moves, graceful shutdown): stop their appends, upload all they hold (one
     * object unless it is more than {@code maxObjectBytes}), then release each. The others keep serving throughout.
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
        try {
            CompletableFuture.allOf(durable.toArray(CompletableFuture[]::new)).join();
            uploadEverything(leaving);
        } catch (RuntimeException e) {
            // Nothing was released: the partitions stay ours and take appends again; the hand-over is asked for again.
            leaving.forEach(PartitionLog::reopen);
            throw e;
        }
        for (PartitionLog p : leaving) {
            if (logs.remove(p.partition()) != null) {
                p.dropCache();
                release.accept(p);
            }
        }
    }

    /** Uploads one object and commits it; returns how many partitions' slices were committed (fenced ones are not). */
    private int upload(List<UploadSlice> slices) {
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
        String key = ObjectKeys.newDataObject(nodeId);
        long size = store.put(key, ObjectFormat.parts(runs, entries));
        List<UploadSlice> committed = new ArrayList<>(slices);
        while (!commits.isEmpty()) {
            try {
                storage.commitUpload(key, size, nodeId, commits);
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
        log.debug("uploaded {} ({} bytes, {} partitions)", key, size, committed.size());
        return committed.size();
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
