package dev.floe.broker.log;

import dev.floe.broker.catalog.CatalogStorage;
import dev.floe.broker.catalog.PartitionCommit;
import dev.floe.broker.catalog.PartitionInfo;
import dev.floe.broker.catalog.PartitionKey;
import dev.floe.broker.objectstore.BlockCache;
import dev.floe.broker.wal.WriteAheadLog;
import org.apache.kafka.common.TopicIdPartition;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.record.MemoryRecords;
import org.apache.kafka.common.record.Record;
import org.apache.kafka.common.record.RecordBatch;
import dev.floe.broker.catalog.RangeInfo;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.ByteBuffer;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicLong;

/** The partitions this broker owns right now, and the read path across memory and bucket. */
public final class LogManager {
    private static final Logger log = LoggerFactory.getLogger(LogManager.class);
    private final Map<TopicIdPartition, PartitionLog> owned = new ConcurrentHashMap<>();
    private final WriteAheadLog wal;
    private final CatalogStorage storage;
    private final ObjectReader objects;
    private final Executor readExecutor;
    private final long cacheCapacity;
    private final AtomicLong cacheBytes = new AtomicLong();

    public LogManager(WriteAheadLog wal, CatalogStorage storage, BlockCache blocks, Executor readExecutor, long cacheCapacity) {
        this.wal = wal;
        this.storage = storage;
        this.objects = new ObjectReader(storage, blocks);
        this.readExecutor = readExecutor;
        this.cacheCapacity = cacheCapacity;
    }

    /** Local view of this broker's lease (System.nanoTime deadline); 0 = no lease to check yet. */
    private volatile long leaseValidUntilNanos;

    /** Called after each successful lease renewal that started at {@code renewStartNanos}. */
    public void leaseRenewed(long renewStartNanos, long leaseMs) {
        leaseValidUntilNanos = renewStartNanos + leaseMs * 1_000_000L;
    }

    /**
     * Whether this broker may still acknowledge writes: past its lease the controller may have fenced
     * it and handed its WAL to another broker, which might not see a record written after that.
     * Conservative: the deadline counts from before the renewal was sent.
     */
    public boolean leaseHeld() {
        long until = leaseValidUntilNanos;
        return until == 0 || System.nanoTime() - until < 0;
    }

    public PartitionLog get(TopicIdPartition tp) {
        return owned.get(tp);
    }

    public Collection<PartitionLog> all() {
        return owned.values();
    }

    public boolean owns(TopicIdPartition tp) {
        return owned.containsKey(tp);
    }

    /**
     * Takes partitions: their end offsets (as read with their ownership) and producer states come from the catalog,
     * the producer states of all of them in one round trip. No data is copied.
     */
    public void loadAll(Map<TopicIdPartition, PartitionInfo> partitions) {
        Map<PartitionKey, Map<Long, PartitionCommit.ProducerRow>> producers = storage.producerStates(
                partitions.values().stream().map(PartitionKey::of).toList());
        partitions.forEach((tp, info) -> {
            ProducerStateTable state = ProducerStateTable.fromRows(producers.get(PartitionKey.of(info)));
            owned.put(tp, new PartitionLog(tp, info.epoch(), info.logStartOffset(), info.uploadedEndOffset(), state, wal, cacheBytes));
            log.info("loaded {} at epoch {} end offset {}", tp, info.epoch(), info.uploadedEndOffset());
        });
    }

    /** Stops serving a partition; returns it so the caller may upload what is left. */
    public PartitionLog remove(TopicIdPartition tp) {
        PartitionLog p = owned.remove(tp);
        if (p != null) {
            p.close();
        }
        return p;
    }

    public long cacheBytes() {
        return cacheBytes.get();
    }

    /** Frees memory of uploaded batches when the cache is over its budget. */
    public void evictIfNeeded() {
        long over = cacheBytes.get() - cacheCapacity;
        if (over <= 0) {
            return;
        }
        for (PartitionLog p : owned.values()) {
            over -= p.evict(over);
            if (over <= 0) {
                return;
            }
        }
    }

    /** Reads from memory when the offset is cached, else from the bucket on the read executor. */
    public CompletableFuture<ReadResult> read(TopicIdPartition tp, long offset, int maxBytes) {
        PartitionLog p = owned.get(tp);
        if (p == null) {
            return CompletableFuture.completedFuture(ReadResult.error(Errors.NOT_LEADER_OR_FOLLOWER));
        }
        long hw = p.highWatermark();
        long start = p.logStartOffset();
        if (offset > hw || offset < start) {
            return CompletableFuture.completedFuture(new ReadResult(Errors.OFFSET_OUT_OF_RANGE, MemoryRecords.EMPTY, hw, start));
        }
        if (offset == hw || maxBytes <= 0) {
            return CompletableFuture.completedFuture(new ReadResult(Errors.NONE, MemoryRecords.EMPTY, hw, start));
        }
        List<CachedBatch> cached = p.readCached(offset, maxBytes);
        if (cached != null) {
            return CompletableFuture.completedFuture(new ReadResult(Errors.NONE, concat(cached), hw, start));
        }
        long limit = Math.min(p.cacheStart(), p.uploadedEnd());
        return CompletableFuture.supplyAsync(() -> {
            ByteBuffer bytes = objects.read(tp, offset, maxBytes, limit);
            return new ReadResult(Errors.NONE, MemoryRecords.readableRecords(bytes), hw, start);
        }, readExecutor).exceptionally(e -> {
            log.warn("reading {} at {} from the bucket failed", tp, offset, e);
            return ReadResult.error(Errors.KAFKA_STORAGE_ERROR);
        });
    }

    private static MemoryRecords concat(List<CachedBatch> batches) {
        if (batches.size() == 1) {
            return MemoryRecords.readableRecords(batches.get(0).bytes());
        }
        int total = 0;
        for (CachedBatch cb : batches) {
            total += cb.size();
        }
        ByteBuffer out = ByteBuffer.allocate(total);
        for (CachedBatch cb : batches) {
            out.put(cb.bytes());
        }
        return MemoryRecords.readableRecords(out.flip());
    }

    /**
     * Offset and timestamp of the first record with timestamp >= {@code ts}, or {-1, -1}. Starts at the
     * first range whose max timestamp reaches {@code ts}, so it reads little beyond the answer.
     */
    public CompletableFuture<long[]> offsetForTimestamp(TopicIdPartition tp, long ts) {
        return CompletableFuture.supplyAsync(() -> {
            PartitionLog p = owned.get(tp);
            if (p == null) {
                return new long[]{-1, -1};
            }
            RangeInfo r = storage.firstRangeWithTimestamp(tp.topicId(), tp.partition(), ts);
            long offset = Math.max(p.logStartOffset(), r != null ? r.baseOffset() : p.uploadedEnd());
            return scan(tp, offset, (batch, record) -> record.timestamp() >= ts);
        }, readExecutor);
    }

    /** Offset and timestamp of the record with the largest timestamp (ListOffsets MAX_TIMESTAMP). */
    public CompletableFuture<long[]> maxTimestamp(TopicIdPartition tp) {
        return CompletableFuture.supplyAsync(() -> {
            PartitionLog p = owned.get(tp);
            if (p == null) {
                return new long[]{-1, -1};
            }
            long[] best = {-1, -1};
            scan(tp, p.logStartOffset(), (batch, record) -> {
                if (record.timestamp() > best[1]) {
                    best[0] = record.offset();
                    best[1] = record.timestamp();
                }
                return false;
            });
            return best;
        }, readExecutor);
    }

    private long[] scan(TopicIdPartition tp, long from, java.util.function.BiPredicate<RecordBatch, Record> match) {
        long offset = from;
        for (int guard = 0; guard < 100_000; guard++) {
            ReadResult rr = read(tp, offset, 1024 * 1024).join();
            if (rr.error() != Errors.NONE || rr.records().sizeInBytes() == 0) {
                break;
            }
            for (RecordBatch batch : rr.records().batches()) {
                for (Record record : batch) {
                    if (record.offset() >= offset && match.test(batch, record)) {
                        return new long[]{record.offset(), record.timestamp()};
                    }
                }
                offset = batch.nextOffset();
            }
        }
        return new long[]{-1, -1};
    }
}
