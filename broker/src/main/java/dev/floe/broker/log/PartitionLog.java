package dev.floe.broker.log;

import dev.floe.broker.catalog.PartitionCommit;
import dev.floe.broker.wal.WriteAheadLog;
import org.apache.kafka.common.TopicIdPartition;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.record.MutableRecordBatch;
import org.apache.kafka.common.record.RecordBatch;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A partition this broker owns at a given epoch. It assigns offsets, appends to the WAL in offset
 * order, exposes records to consumers only once durable (the high watermark), keeps recent batches in
 * memory and tracks which of them still need uploading.
 */
public final class PartitionLog {
    private final TopicIdPartition tp;
    private final int epoch;
    private final WriteAheadLog wal;
    private final AtomicLong cacheBytes;
    private final ConcurrentSkipListMap<Long, CachedBatch> cache = new ConcurrentSkipListMap<>();
    private final ArrayDeque<CachedBatch> unuploaded = new ArrayDeque<>();
    private final ProducerStateTable producers;
    private ProducerStateTable committedProducers;
    private final List<Runnable> listeners = new CopyOnWriteArrayList<>();
    private long nextOffset;
    private volatile long highWatermark;
    private volatile long logStartOffset;
    private volatile long uploadedEnd;
    private long unuploadedBytes;
    private volatile long oldestUnuploadedAt;
    private CompletableFuture<Long> lastAppend = CompletableFuture.completedFuture(-1L);
    private volatile boolean closed;

    PartitionLog(TopicIdPartition tp, int epoch, long logStartOffset, long uploadedEnd, ProducerStateTable producers,
                 WriteAheadLog wal, AtomicLong cacheBytes) {
        this.tp = tp;
        this.epoch = epoch;
        this.wal = wal;
        this.cacheBytes = cacheBytes;
        this.logStartOffset = logStartOffset;
        this.uploadedEnd = uploadedEnd;
        this.nextOffset = uploadedEnd;
        this.highWatermark = uploadedEnd;
        this.producers = producers;
        this.committedProducers = producers.copy();
    }

    public TopicIdPartition partition() {
        return tp;
    }

    public int epoch() {
        return epoch;
    }

    public long highWatermark() {
        return highWatermark;
    }

    public long logStartOffset() {
        return logStartOffset;
    }

    public long uploadedEnd() {
        return uploadedEnd;
    }

    boolean closed() {
        return closed;
    }

    /** Called on every advance of the high watermark (from the WAL thread: listeners must not block). */
    public void addListener(Runnable r) {
        listeners.add(r);
    }

    public void removeListener(Runnable r) {
        listeners.remove(r);
    }

    /** Appends validated batches; the future completes after fsync with the first assigned offset. */
    public CompletableFuture<AppendResult> append(List<BatchValidator.ValidBatch> batches) {
        List<CompletableFuture<Long>> written = new ArrayList<>();
        long firstOffset;
        synchronized (this) {
            if (closed) {
                return CompletableFuture.completedFuture(AppendResult.error(Errors.NOT_LEADER_OR_FOLLOWER, "partition moved"));
            }
            // Check every batch before changing anything, so a rejected request leaves no trace.
            for (BatchValidator.ValidBatch vb : batches) {
                MutableRecordBatch b = vb.batch();
                if (b.hasProducerId()) {
                    ProducerStateTable.Check check = producers.check(b.producerId(), b.producerEpoch(), b.baseSequence(), b.lastSequence());
                    if (check.error() != Errors.NONE) {
                        return CompletableFuture.completedFuture(AppendResult.error(check.error(), null));
                    }
                    if (check.duplicateOf() != null) {
                        if (batches.size() != 1) {
                            return CompletableFuture.completedFuture(AppendResult.error(Errors.DUPLICATE_SEQUENCE_NUMBER, null));
                        }
                        long base = check.duplicateOf().baseOffset();
                        long start = logStartOffset;
                        // The original may not be durable yet: answer once everything appended so far is.
                        return lastAppend.handle((v, e) -> new AppendResult(Errors.NONE, null, base, start));
                    }
                }
            }
            firstOffset = nextOffset;
            for (BatchValidator.ValidBatch vb : batches) {
                MutableRecordBatch b = vb.batch();
                long base = nextOffset;
                long last = base + (b.lastOffset() - b.baseOffset());
                b.setLastOffset(last);
                b.setPartitionLeaderEpoch(epoch);
                CachedBatch cb = new CachedBatch(base, last, vb.bytes(), b.maxTimestamp(), b.producerId(), b.producerEpoch(),
                        b.baseSequence(), b.lastSequence());
                if (b.hasProducerId()) {
                    producers.update(b.producerId(), b.producerEpoch(), new ProducerStateTable.BatchMeta(b.baseSequence(), b.lastSequence(), base, last));
                }
                cache.put(base, cb);
                cacheBytes.addAndGet(cb.size());
                if (unuploaded.isEmpty()) {
                    oldestUnuploadedAt = System.currentTimeMillis();
                }
                unuploaded.addLast(cb);
                unuploadedBytes += cb.size();
                nextOffset = last + 1;
                CompletableFuture<Long> w = wal.append(epoch, tp.topicId(), tp.partition(), base, cb.bytes(), pos -> cb.walPosition = pos)
                        .thenApply(pos -> {
                            advanceHighWatermark(last + 1);
                            return pos;
                        });
                written.add(w);
                lastAppend = w;
            }
        }
        long start = logStartOffset;
        return CompletableFuture.allOf(written.toArray(CompletableFuture[]::new))
                .handle((v, e) -> e == null
                        ? new AppendResult(Errors.NONE, null, firstOffset, start)
                        : AppendResult.error(Errors.KAFKA_STORAGE_ERROR, "WAL write failed"));
    }

    private void advanceHighWatermark(long offset) {
        if (offset > highWatermark) {
            highWatermark = offset;
            for (Runnable r : listeners) {
                r.run();
            }
        }
    }

    /** Consecutive cached batches from {@code offset} below the high watermark, or null if not cached. */
    List<CachedBatch> readCached(long offset, int maxBytes) {
        Map.Entry<Long, CachedBatch> first = cache.floorEntry(offset);
        if (first == null || first.getValue().lastOffset < offset) {
            if (cache.isEmpty() || cache.firstKey() > offset) {
                return null;
            }
        }
        long hw = highWatermark;
        List<CachedBatch> out = new ArrayList<>();
        int bytes = 0;
        for (CachedBatch cb : cache.tailMap(first == null ? offset : first.getKey()).values()) {
            if (cb.lastOffset >= hw || (!out.isEmpty() && bytes + cb.size() > maxBytes)) {
                break;
            }
            out.add(cb);
            bytes += cb.size();
        }
        return out;
    }

    /** Oldest offset still in memory; older data is read from the bucket. */
    long cacheStart() {
        return cache.isEmpty() ? Long.MAX_VALUE : cache.firstKey();
    }

    synchronized long unuploadedBytes() {
        return unuploadedBytes;
    }

    long oldestUnuploadedAt() {
        return oldestUnuploadedAt;
    }

    /** Smallest WAL position still needed by this partition, or Long.MAX_VALUE. */
    synchronized long walPositionNeeded() {
        long min = Long.MAX_VALUE;
        for (CachedBatch cb : unuploaded) {
            long p = cb.walPosition;
            // Not positioned yet: it will land at or after the write position the caller read first.
            min = Math.min(min, p < 0 ? Long.MAX_VALUE - 1 : p);
            break; // batches are in WAL order within a partition
        }
        return min;
    }

    /**
     * The oldest durable, not yet uploaded batches, about {@code maxBytes} of them (always at least one), and the
     * producer state a commit of them would persist.
     */
    synchronized UploadSlice uploadSlice(long maxBytes) {
        long hw = highWatermark;
        List<CachedBatch> out = new ArrayList<>();
        long bytes = 0;
        for (CachedBatch cb : unuploaded) {
            if (cb.lastOffset >= hw || cb.walPosition < 0 || (!out.isEmpty() && bytes + cb.size() > maxBytes)) {
                break;
            }
            out.add(cb);
            bytes += cb.size();
        }
        if (out.isEmpty()) {
            return null;
        }
        ProducerStateTable after = committedProducers.copy();
        Map<Long, PartitionCommit.ProducerRow> rows = new HashMap<>();
        for (CachedBatch cb : out) {
            if (cb.producerId != RecordBatch.NO_PRODUCER_ID) {
                after.update(cb.producerId, cb.producerEpoch, new ProducerStateTable.BatchMeta(cb.firstSeq, cb.lastSeq, cb.baseOffset, cb.lastOffset));
            }
        }
        for (CachedBatch cb : out) {
            if (cb.producerId != RecordBatch.NO_PRODUCER_ID) {
                rows.put(cb.producerId, after.row(cb.producerId));
            }
        }
        return new UploadSlice(this, epoch, uploadedEnd, out, after, rows);
    }

    /** After a successful commit: these batches are in the bucket now. */
    synchronized void markUploaded(UploadSlice slice) {
        for (int i = 0; i < slice.batches().size(); i++) {
            CachedBatch cb = unuploaded.pollFirst();
            if (cb != null) {
                unuploadedBytes -= cb.size();
            }
        }
        if (!unuploaded.isEmpty()) {
            oldestUnuploadedAt = System.currentTimeMillis();
        }
        uploadedEnd = slice.newEnd();
        committedProducers = slice.producersAfter();
    }

    /** Drops uploaded batches from memory, oldest first, until {@code bytesToFree} are freed. */
    synchronized long evict(long bytesToFree) {
        long freed = 0;
        while (freed < bytesToFree && !cache.isEmpty()) {
            CachedBatch cb = cache.firstEntry().getValue();
            if (cb.lastOffset >= uploadedEnd) {
                break;
            }
            cache.pollFirstEntry();
            freed += cb.size();
            cacheBytes.addAndGet(-cb.size());
        }
        return freed;
    }

    /** Retention moved the log start: forget what is below it. */
    synchronized void advanceLogStart(long newStart) {
        if (newStart > logStartOffset) {
            logStartOffset = newStart;
            while (!cache.isEmpty() && cache.firstEntry().getValue().lastOffset < newStart && cache.firstKey() < uploadedEnd) {
                CachedBatch cb = cache.pollFirstEntry().getValue();
                cacheBytes.addAndGet(-cb.size());
            }
        }
    }

    /** Stops accepting appends; returns once everything already appended is durable. */
    CompletableFuture<Long> close() {
        synchronized (this) {
            closed = true;
            return lastAppend.exceptionally(e -> -1L);
        }
    }

    /** Takes appends again after a hand-over that could not upload (the partition stays ours). */
    synchronized void reopen() {
        closed = false;
    }

    /** Releases the memory of a partition that is no longer ours. */
    synchronized void dropCache() {
        for (CachedBatch cb : cache.values()) {
            cacheBytes.addAndGet(-cb.size());
        }
        cache.clear();
        unuploaded.clear();
        unuploadedBytes = 0;
        for (Runnable r : listeners) {
            r.run();
        }
    }
}
