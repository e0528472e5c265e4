package dev.floe.broker.catalog;

import org.apache.kafka.common.TopicIdPartition;
import org.apache.kafka.common.Uuid;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static dev.floe.broker.catalog.CatalogTopics.uuid;

/** Objects in the bucket, the partition ranges inside them, and idempotent-producer state. */
public final class CatalogStorage {
    private final Catalog catalog;

    public CatalogStorage(Catalog catalog) {
        this.catalog = catalog;
    }

    /**
     * Commits an uploaded object and its ranges in one transaction. The update of each partition's end
     * offset is guarded by owner and epoch: this is the fencing point. A broker that lost a partition
     * (its epoch moved on) fails here and nothing of the commit stays.
     */
    public void commitUpload(String objectKey, long size, int node, List<PartitionCommit> commits) {
        catalog.inTransaction(c -> {
            requireLease(c, node);
            try (PreparedStatement ps = c.prepareStatement(
                    "insert into objects (object_key, size_bytes, created_by) values (?, ?, ?)")) {
                ps.setString(1, objectKey);
                ps.setLong(2, size);
                ps.setInt(3, node);
                ps.executeUpdate();
            }
            try (PreparedStatement guard = c.prepareStatement("""
                    update partitions set uploaded_end_offset = ?
                    where topic_id = ? and partition = ? and owner_node = ? and epoch = ? and uploaded_end_offset = ?""");
                 PreparedStatement range = c.prepareStatement("""
                    insert into ranges (topic_id, partition, base_offset, end_offset, object_key, position, length, max_timestamp)
                    values (?, ?, ?, ?, ?, ?, ?, ?)""");
                 PreparedStatement producer = c.prepareStatement("""
                    insert into producer_states (topic_id, partition, producer_id, producer_epoch, batches, updated_at)
                    values (?, ?, ?, ?, ?, now())
                    on conflict (topic_id, partition, producer_id) do update
                      set producer_epoch = excluded.producer_epoch, batches = excluded.batches, updated_at = now()""")) {
                for (PartitionCommit pc : commits) {
                    guard.setLong(1, pc.newEndOffset());
                    guard.setObject(2, uuid(pc.partition().topicId()));
                    guard.setInt(3, pc.partition().partition());
                    guard.setInt(4, pc.ownerNode());
                    guard.setInt(5, pc.epoch());
                    guard.setLong(6, pc.expectedEndOffset());
                    if (guard.executeUpdate() == 0) {
                        throw new FencedException(pc.partition());
                    }
                    range.setObject(1, uuid(pc.partition().topicId()));
                    range.setInt(2, pc.partition().partition());
                    range.setLong(3, pc.expectedEndOffset());
                    range.setLong(4, pc.newEndOffset());
                    range.setString(5, objectKey);
                    range.setLong(6, pc.position());
                    range.setLong(7, pc.length());
                    range.setLong(8, pc.maxTimestamp());
                    range.addBatch();
                    for (Map.Entry<Long, PartitionCommit.ProducerRow> e : pc.producers().entrySet()) {
                        producer.setObject(1, uuid(pc.partition().topicId()));
                        producer.setInt(2, pc.partition().partition());
                        producer.setLong(3, e.getKey());
                        producer.setShort(4, e.getValue().epoch());
                        producer.setString(5, e.getValue().batches());
                        producer.addBatch();
                    }
                }
                range.executeBatch();
                producer.executeBatch();
            }
            return null;
        });
    }

    /**
     * A broker whose lease lapsed may already be presumed dead by the controller: it must not change
     * the log any more until it holds a lease again. The row lock keeps the lease from being taken
     * away (fenced) while this transaction commits.
     */
    private static void requireLease(java.sql.Connection c, int node) throws java.sql.SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "select 1 from brokers where node_id = ? and lease_expires_at > now() and state <> 'FENCED' for share")) {
            ps.setInt(1, node);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    throw new CatalogException("node " + node + " holds no lease: commit refused");
                }
            }
        }
    }

    /** Ranges of a partition that end after {@code offset}, oldest first. */
    public List<RangeInfo> rangesFrom(Uuid topicId, int partition, long offset, int limit) {
        return catalog.read(c -> {
            try (PreparedStatement ps = c.prepareStatement("""
                    select base_offset, end_offset, object_key, position, length, max_timestamp from ranges
                    where topic_id = ? and partition = ? and end_offset > ? order by base_offset limit ?""")) {
                ps.setObject(1, uuid(topicId));
                ps.setInt(2, partition);
                ps.setLong(3, offset);
                ps.setInt(4, limit);
                List<RangeInfo> out = new ArrayList<>();
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        out.add(new RangeInfo(topicId, partition, rs.getLong(1), rs.getLong(2), rs.getString(3),
                                rs.getLong(4), rs.getLong(5), rs.getLong(6)));
                    }
                }
                return out;
            }
        });
    }

    /** All ranges of a partition, oldest first (retention and compaction planning). */
    public List<RangeInfo> ranges(Uuid topicId, int partition) {
        return rangesFrom(topicId, partition, -1, Integer.MAX_VALUE);
    }

    /** The first range holding a record with timestamp at or after {@code timestamp}. */
    public RangeInfo firstRangeWithTimestamp(Uuid topicId, int partition, long timestamp) {
        return catalog.read(c -> {
            try (PreparedStatement ps = c.prepareStatement("""
                    select base_offset, end_offset, object_key, position, length, max_timestamp from ranges
                    where topic_id = ? and partition = ? and max_timestamp >= ? order by base_offset limit 1""")) {
                ps.setObject(1, uuid(topicId));
                ps.setInt(2, partition);
                ps.setLong(3, timestamp);
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next() ? new RangeInfo(topicId, partition, rs.getLong(1), rs.getLong(2), rs.getString(3),
                            rs.getLong(4), rs.getLong(5), rs.getLong(6)) : null;
                }
            }
        });
    }

    /**
     * Retention: drops every range ending at or before {@code newStart} and moves the log start, under
     * the owner's epoch. The objects themselves are deleted later by the collector.
     */
    public void truncateBefore(TopicIdPartition tp, int ownerNode, int epoch, long newStart) {
        catalog.inTransaction(c -> {
            requireLease(c, ownerNode);
            try (PreparedStatement guard = c.prepareStatement("""
                    update partitions set log_start_offset = greatest(log_start_offset, ?)
                    where topic_id = ? and partition = ? and owner_node = ? and epoch = ?""")) {
                guard.setLong(1, newStart);
                guard.setObject(2, uuid(tp.topicId()));
                guard.setInt(3, tp.partition());
                guard.setInt(4, ownerNode);
                guard.setInt(5, epoch);
                if (guard.executeUpdate() == 0) {
                    throw new FencedException(tp);
                }
            }
            try (PreparedStatement ps = c.prepareStatement(
                    "delete from ranges where topic_id = ? and partition = ? and end_offset <= ?")) {
                ps.setObject(1, uuid(tp.topicId()));
                ps.setInt(2, tp.partition());
                ps.setLong(3, newStart);
                ps.executeUpdate();
            }
            return null;
        });
    }

    /**
     * Compaction: replaces {@code old} ranges of a partition (contiguous) by one range in a new object.
     * Guarded by epoch and by the old ranges still being there, so a concurrent retention wins.
     */
    public void replaceRanges(TopicIdPartition tp, int ownerNode, int epoch, List<RangeInfo> old, RangeInfo replacement, long objectSize) {
        catalog.inTransaction(c -> {
            requireLease(c, ownerNode);
            try (PreparedStatement guard = c.prepareStatement(
                    "select 1 from partitions where topic_id = ? and partition = ? and owner_node = ? and epoch = ? for update")) {
                guard.setObject(1, uuid(tp.topicId()));
                guard.setInt(2, tp.partition());
                guard.setInt(3, ownerNode);
                guard.setInt(4, epoch);
                try (ResultSet rs = guard.executeQuery()) {
                    if (!rs.next()) {
                        throw new FencedException(tp);
                    }
                }
            }
            try (PreparedStatement ps = c.prepareStatement(
                    "insert into objects (object_key, size_bytes, created_by) values (?, ?, ?)")) {
                ps.setString(1, replacement.objectKey());
                ps.setLong(2, objectSize);
                ps.setInt(3, ownerNode);
                ps.executeUpdate();
            }
            try (PreparedStatement ps = c.prepareStatement(
                    "delete from ranges where topic_id = ? and partition = ? and base_offset = ? and object_key = ?")) {
                for (RangeInfo r : old) {
                    ps.setObject(1, uuid(tp.topicId()));
                    ps.setInt(2, tp.partition());
                    ps.setLong(3, r.baseOffset());
                    ps.setString(4, r.objectKey());
                    if (ps.executeUpdate() != 1) {
                        throw new CatalogException("range moved concurrently");
                    }
                }
            }
            try (PreparedStatement ps = c.prepareStatement("""
                    insert into ranges (topic_id, partition, base_offset, end_offset, object_key, position, length, max_timestamp)
                    values (?, ?, ?, ?, ?, ?, ?, ?)""")) {
                ps.setObject(1, uuid(tp.topicId()));
                ps.setInt(2, tp.partition());
                ps.setLong(3, replacement.baseOffset());
                ps.setLong(4, replacement.endOffset());
                ps.setString(5, replacement.objectKey());
                ps.setLong(6, replacement.position());
                ps.setLong(7, replacement.length());
                ps.setLong(8, replacement.maxTimestamp());
                ps.executeUpdate();
            }
            return null;
        });
    }

    /** Object rows no range points at any more, older than the grace period; their bytes may go. */
    public List<String> unreferencedObjects(long graceMs, int limit) {
        return catalog.read(c -> {
            try (PreparedStatement ps = c.prepareStatement("""
                    select o.object_key from objects o
                    where o.created_at < now() - make_interval(secs => ?)
                      and not exists (select 1 from ranges r where r.object_key = o.object_key)
                    limit ?""")) {
                ps.setDouble(1, graceMs / 1000.0);
                ps.setInt(2, limit);
                List<String> out = new ArrayList<>();
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        out.add(rs.getString(1));
                    }
                }
                return out;
            }
        });
    }

    /** Removes an object row, only if still unreferenced (a late range insert would make this fail). */
    public boolean deleteObjectRow(String key) {
        return catalog.inTransaction(c -> {
            try (PreparedStatement ps = c.prepareStatement("""
                    delete from objects o where o.object_key = ?
                      and not exists (select 1 from ranges r where r.object_key = o.object_key)""")) {
                ps.setString(1, key);
                return ps.executeUpdate() > 0;
            }
        });
    }

    /** Which of these keys the catalog knows. */
    public Set<String> knownObjects(List<String> keys) {
        return catalog.read(c -> {
            try (PreparedStatement ps = c.prepareStatement("select object_key from objects where object_key = any (?)")) {
                ps.setArray(1, c.createArrayOf("text", keys.toArray()));
                Set<String> out = new java.util.HashSet<>();
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        out.add(rs.getString(1));
                    }
                }
                return out;
            }
        });
    }

    public Map<Long, PartitionCommit.ProducerRow> producerStates(Uuid topicId, int partition) {
        return catalog.read(c -> {
            try (PreparedStatement ps = c.prepareStatement(
                    "select producer_id, producer_epoch, batches from producer_states where topic_id = ? and partition = ?")) {
                ps.setObject(1, uuid(topicId));
                ps.setInt(2, partition);
                Map<Long, PartitionCommit.ProducerRow> out = new HashMap<>();
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        out.put(rs.getLong(1), new PartitionCommit.ProducerRow(rs.getShort(2), rs.getString(3)));
                    }
                }
                return out;
            }
        });
    }

    /**
     * The producer state of several partitions in one round trip (a failover or a hand-over loads many at once):
     * partitions without any producer map to an empty state.
     */
    public Map<PartitionKey, Map<Long, PartitionCommit.ProducerRow>> producerStates(Collection<PartitionKey> partitions) {
        Map<PartitionKey, Map<Long, PartitionCommit.ProducerRow>> out = new HashMap<>();
        partitions.forEach(p -> out.put(p, new HashMap<>()));
        if (partitions.isEmpty()) {
            return out;
        }
        return catalog.read(c -> {
            Object[] topics = partitions.stream().map(p -> uuid(p.topicId())).distinct().toArray();
            try (PreparedStatement ps = c.prepareStatement(
                    "select topic_id, partition, producer_id, producer_epoch, batches from producer_states where topic_id = any(?)")) {
                ps.setArray(1, c.createArrayOf("uuid", topics));
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        Map<Long, PartitionCommit.ProducerRow> rows =
                                out.get(new PartitionKey(uuid(rs.getObject(1, java.util.UUID.class)), rs.getInt(2)));
                        if (rows != null) {
                            rows.put(rs.getLong(3), new PartitionCommit.ProducerRow(rs.getShort(4), rs.getString(5)));
                        }
                    }
                }
            }
            return out;
        });
    }

    /** Producer ids come from one sequence, unique across the cluster. */
    public long nextProducerId() {
        return catalog.read(c -> {
            try (PreparedStatement ps = c.prepareStatement("select nextval('producer_ids')");
                 ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        });
    }

    /** Drops producer state not touched for longer than the expiry (Kafka's transactional.id.expiration). */
    public void expireProducers(long olderThanMs) {
        catalog.inTransaction(c -> {
            try (PreparedStatement ps = c.prepareStatement(
                    "delete from producer_states where updated_at < ?")) {
                ps.setTimestamp(1, new Timestamp(System.currentTimeMillis() - olderThanMs));
                ps.executeUpdate();
            }
            return null;
        });
    }
}
