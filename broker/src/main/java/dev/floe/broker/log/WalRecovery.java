package dev.floe.broker.log;

import dev.floe.broker.catalog.CatalogStorage;
import dev.floe.broker.catalog.CatalogTopics;
import dev.floe.broker.catalog.FencedException;
import dev.floe.broker.catalog.PartitionCommit;
import dev.floe.broker.catalog.PartitionInfo;
import dev.floe.broker.catalog.PartitionKey;
import dev.floe.broker.objectstore.ObjectFormat;
import dev.floe.broker.objectstore.ObjectStore;
import dev.floe.broker.wal.WalRecord;
import dev.floe.broker.wal.WriteAheadLog;
import org.apache.kafka.common.TopicIdPartition;
import org.apache.kafka.common.record.MemoryRecords;
import org.apache.kafka.common.record.RecordBatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * After a crash, puts every record found in the WAL after its trim point into the bucket, committed
 * under the epochs the records were written with, before the broker serves anything. Records the
 * catalog already covers (uploaded, but the trim was lost in the crash) are skipped. The WAL is
 * streamed in objects of at most {@link #CHUNK_BYTES}, so a large WAL need not fit in memory.
 */
public final class WalRecovery {
    private static final Logger log = LoggerFactory.getLogger(WalRecovery.class);
    static final long CHUNK_BYTES = 64L * 1024 * 1024;

    private final ObjectStore store;
    private final CatalogStorage storage;
    private final CatalogTopics topics;
    /** Whose WAL this is: its records are committed under this owner and their own epochs. */
    private final int nodeId;
    /** Who commits: this broker's lease guards the commits (the failed owner's lease is gone after a move). */
    private final int leaseNode;
    private final Runnable takeLease;
    /** Per partition: where the next record must start, and the producer state so far. Null = skip. */
    private final Map<TopicIdPartition, PartitionProgress> progress = new HashMap<>();
    private final Map<TopicIdPartition, PendingRun> chunk = new LinkedHashMap<>();
    private long chunkBytes;
    private int committedRecords;
    /** Where the time went, for the log line an operator reads after a failover. */
    private long lookupNanos;
    private long uploadNanos;
    private long commitNanos;

    private static final class PartitionProgress {
        long next;
        final ProducerStateTable producers;

        PartitionProgress(long next, ProducerStateTable producers) {
            this.next = next;
            this.producers = producers;
        }
    }

    private static final class PendingRun {
        final long from;
        long to;
        long maxTimestamp = -1;
        int epoch;
        final List<ByteBuffer> batches = new ArrayList<>();
        final Map<Long, PartitionCommit.ProducerRow> producers = new HashMap<>();

        PendingRun(long from) {
            this.from = from;
            this.to = from;
        }
    }

    private WalRecovery(ObjectStore store, CatalogStorage storage, CatalogTopics topics, int nodeId, int leaseNode,
                        Runnable takeLease) {
        this.store = store;
        this.storage = storage;
        this.topics = topics;
        this.nodeId = nodeId;
        this.leaseNode = leaseNode;
        this.takeLease = takeLease;
    }

    /** Recovery of this broker's own WAL at start-up. */
    public static void recover(WriteAheadLog wal, ObjectStore store, CatalogStorage storage, CatalogTopics topics, int nodeId,
                               Runnable takeLease) {
        recover(wal, store, storage, topics, nodeId, nodeId, takeLease);
    }

    /**
     * Recovery of {@code ownerNode}'s WAL by {@code leaseNode}: after a crash failover the WAL volume of
     * a fenced broker is replayed by a healthy one, under the fenced broker's partition epochs.
     * Returns the number of records committed.
     */
    public static int recover(WriteAheadLog wal, ObjectStore store, CatalogStorage storage, CatalogTopics topics, int ownerNode,
                              int leaseNode, Runnable takeLease) {
        if (wal.recordsToReplay() == 0) {
            return 0;
        }
        WalRecovery recovery = new WalRecovery(store, storage, topics, ownerNode, leaseNode, takeLease);
        recovery.lookUpPartitions(wal);
        wal.replay(recovery::accept);
        recovery.flush();
        log.info("recovered {} WAL records of node {} ({} partitions looked up in {} ms, uploaded in {} ms, committed in {} ms)",
                recovery.committedRecords, ownerNode, recovery.progress.size(), recovery.lookupNanos / 1_000_000,
                recovery.uploadNanos / 1_000_000, recovery.commitNanos / 1_000_000);
        wal.trim(wal.writePosition());
        return recovery.committedRecords;
    }

    /**
     * A first pass over the WAL's tail only to learn which partitions it holds, then their catalog state in two round
     * trips rather than two per partition: a failover waits for this.
     */
    private void lookUpPartitions(WriteAheadLog wal) {
        long started = System.nanoTime();
        Set<PartitionKey> keys = new LinkedHashSet<>();
        wal.replay(r -> keys.add(new PartitionKey(r.topicId(), r.partition())));
        Map<PartitionKey, PartitionInfo> infos = new HashMap<>();
        for (PartitionInfo info : topics.partitions()) {
            if (keys.contains(PartitionKey.of(info))) {
                infos.put(PartitionKey.of(info), info);
            }
        }
        Map<PartitionKey, Map<Long, PartitionCommit.ProducerRow>> producers = storage.producerStates(infos.keySet());
        for (PartitionKey key : keys) {
            PartitionInfo info = infos.get(key);
            if (info == null) {
                log.info("skipping WAL records of deleted partition {}-{}", key.topicId(), key.partition());
            }
            progress.put(new TopicIdPartition(key.topicId(), key.partition(), "?"), info == null ? null
                    : new PartitionProgress(info.uploadedEndOffset(), ProducerStateTable.fromRows(producers.get(key))));
        }
        lookupNanos += System.nanoTime() - started;
    }

    private void accept(WalRecord r) {
        TopicIdPartition tp = new TopicIdPartition(r.topicId(), r.partition(), "?");
        PartitionProgress p = progress.get(tp);
        if (p == null || r.baseOffset() < p.next) {
            return; // deleted partition, or already in the bucket
        }
        if (r.baseOffset() != p.next) {
            log.error("gap in WAL for {}: expected offset {} found {}; skipping the rest of it", tp, p.next, r.baseOffset());
            progress.put(tp, null);
            return;
        }
        RecordBatch b = MemoryRecords.readableRecords(r.batch().duplicate()).batches().iterator().next();
        PendingRun run = chunk.computeIfAbsent(tp, k -> new PendingRun(p.next));
        run.batches.add(r.batch().duplicate());
        run.maxTimestamp = Math.max(run.maxTimestamp, b.maxTimestamp());
        run.epoch = r.epoch();
        run.to = b.lastOffset() + 1;
        p.next = run.to;
        if (b.hasProducerId()) {
            p.producers.update(b.producerId(), b.producerEpoch(),
                    new ProducerStateTable.BatchMeta(b.baseSequence(), b.lastSequence(), b.baseOffset(), b.lastOffset()));
            run.producers.put(b.producerId(), p.producers.row(b.producerId()));
        }
        chunkBytes += r.batch().remaining();
        committedRecords++;
        if (chunkBytes >= CHUNK_BYTES) {
            flush();
        }
    }

    /** Uploads the chunk as one object and commits each partition's run under its epoch. */
    private void flush() {
        if (chunk.isEmpty()) {
            return;
        }
        List<ByteBuffer> runs = new ArrayList<>();
        List<ObjectFormat.IndexEntry> entries = new ArrayList<>();
        List<PartitionCommit> commits = new ArrayList<>();
        long pos = 0;
        for (Map.Entry<TopicIdPartition, PendingRun> e : chunk.entrySet()) {
            TopicIdPartition tp = e.getKey();
            PendingRun run = e.getValue();
            long len = 0;
            for (ByteBuffer b : run.batches) {
                runs.add(b);
                len += b.remaining();
            }
            entries.add(new ObjectFormat.IndexEntry(tp.topicId(), tp.partition(), run.from, run.to, pos, len, run.maxTimestamp));
            commits.add(new PartitionCommit(tp, nodeId, run.epoch, run.from, run.to, pos, len, run.maxTimestamp, run.producers));
            pos += len;
        }
        String key = ObjectKeys.newDataObject(leaseNode);
        long started = System.nanoTime();
        long size = store.put(key, ObjectFormat.parts(runs, entries));
        uploadNanos += System.nanoTime() - started;
        takeLease.run(); // commits need a live lease; the broker is not served while RECOVERING
        started = System.nanoTime();
        while (!commits.isEmpty()) {
            try {
                storage.commitUpload(key, size, leaseNode, commits);
                break;
            } catch (FencedException f) {
                log.error("WAL records of {} were written under an epoch that is gone; they cannot be committed", f.partition());
                commits.removeIf(c -> c.partition().equals(f.partition()));
                progress.put(f.partition(), null);
            }
        }
        commitNanos += System.nanoTime() - started;
        chunk.clear();
        chunkBytes = 0;
    }
}
