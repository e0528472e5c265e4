package dev.floe.broker.log;

import dev.floe.broker.catalog.CatalogStorage;
import dev.floe.broker.catalog.CatalogTopics;
import dev.floe.broker.catalog.FencedException;
import dev.floe.broker.catalog.PartitionCommit;
import dev.floe.broker.catalog.PartitionInfo;
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
import java.util.List;
import java.util.Map;

/**
 * After a crash, puts every record found in the WAL after its trim point into the bucket, committed
 * under the epochs the records were written with, before the broker serves anything. Records the
 * catalog already covers (uploaded, but the trim was lost in the crash) are skipped.
 */
public final class WalRecovery {
    private static final Logger log = LoggerFactory.getLogger(WalRecovery.class);

    private WalRecovery() {
    }

    public static void recover(WriteAheadLog wal, ObjectStore store, CatalogStorage storage, CatalogTopics topics, int nodeId,
                               Runnable takeLease) {
        List<WalRecord> records = wal.replayedRecords();
        if (records.isEmpty()) {
            return;
        }
        Map<TopicIdPartition, List<WalRecord>> byPartition = new LinkedHashMap<>();
        for (WalRecord r : records) {
            byPartition.computeIfAbsent(new TopicIdPartition(r.topicId(), r.partition(), "?"), k -> new ArrayList<>()).add(r);
        }
        List<ByteBuffer> runs = new ArrayList<>();
        List<ObjectFormat.IndexEntry> entries = new ArrayList<>();
        List<PartitionCommit> commits = new ArrayList<>();
        long pos = 0;
        for (Map.Entry<TopicIdPartition, List<WalRecord>> e : byPartition.entrySet()) {
            TopicIdPartition tp = e.getKey();
            PartitionInfo info = topics.partition(tp.topicId(), tp.partition());
            if (info == null) {
                log.info("skipping WAL records of deleted partition {}", tp);
                continue;
            }
            long expected = info.uploadedEndOffset();
            long next = expected;
            long len = 0;
            long maxTs = -1;
            int epoch = -1;
            ProducerStateTable producers = ProducerStateTable.fromRows(storage.producerStates(tp.topicId(), tp.partition()));
            Map<Long, PartitionCommit.ProducerRow> rows = new HashMap<>();
            for (WalRecord r : e.getValue()) {
                if (r.baseOffset() < next) {
                    continue; // already in the bucket
                }
                if (r.baseOffset() != next) {
                    log.error("gap in WAL for {}: expected offset {} found {}; stopping this partition", tp, next, r.baseOffset());
                    break;
                }
                RecordBatch b = MemoryRecords.readableRecords(r.batch().duplicate()).batches().iterator().next();
                runs.add(r.batch().duplicate());
                len += r.batch().remaining();
                maxTs = Math.max(maxTs, b.maxTimestamp());
                epoch = r.epoch();
                next = b.lastOffset() + 1;
                if (b.hasProducerId()) {
                    producers.update(b.producerId(), b.producerEpoch(),
                            new ProducerStateTable.BatchMeta(b.baseSequence(), b.lastSequence(), b.baseOffset(), b.lastOffset()));
                    rows.put(b.producerId(), producers.row(b.producerId()));
                }
            }
            if (len == 0) {
                continue;
            }
            entries.add(new ObjectFormat.IndexEntry(tp.topicId(), tp.partition(), expected, next, pos, len, maxTs));
            commits.add(new PartitionCommit(tp, nodeId, epoch, expected, next, pos, len, maxTs, rows));
            pos += len;
        }
        if (!commits.isEmpty()) {
            ByteBuffer object = ObjectFormat.build(runs, entries);
            String key = ObjectKeys.newDataObject(nodeId);
            store.put(key, object.duplicate());
            takeLease.run(); // commits need a live lease; the broker is not served while RECOVERING
            while (!commits.isEmpty()) {
                try {
                    storage.commitUpload(key, object.remaining(), nodeId, commits);
                    break;
                } catch (FencedException f) {
                    log.error("WAL records of {} were written under an epoch that is gone; they cannot be committed", f.partition());
                    commits.removeIf(c -> c.partition().equals(f.partition()));
                }
            }
            log.info("recovered {} WAL records of {} partitions into {}", records.size(), commits.size(), key);
        }
        wal.trim(wal.writePosition());
    }
}
