package dev.floe.broker.catalog;

import org.apache.kafka.common.Uuid;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/** Topics, their configs and their partitions' ownership. */
public final class CatalogTopics {
    private final Catalog catalog;

    public CatalogTopics(Catalog catalog) {
        this.catalog = catalog;
    }

    /** Thrown when a topic of that name exists already. */
    public static final class TopicExistsException extends CatalogException {
        public TopicExistsException(String name) {
            super("topic '" + name + "' already exists");
        }
    }

    /**
     * Creates a topic with partitions owned as given (owner null = controller assigns later).
     * Each assigned partition starts at epoch 1.
     */
    public TopicInfo create(String name, int partitions, Map<String, String> configs, boolean internal, List<Integer> owners) {
        Uuid id = Uuid.randomUuid();
        return catalog.inTransaction(c -> {
            try (PreparedStatement ps = c.prepareStatement(
                    "insert into topics (topic_id, name, partition_count, internal) values (?, ?, ?, ?) on conflict (name) do nothing")) {
                ps.setObject(1, uuid(id));
                ps.setString(2, name);
                ps.setInt(3, partitions);
                ps.setBoolean(4, internal);
                if (ps.executeUpdate() == 0) {
                    throw new TopicExistsException(name);
                }
            }
            insertConfigs(c, id, configs);
            insertPartitions(c, id, 0, owners);
            CatalogEvents.publish(c, "topics");
            return new TopicInfo(id, name, partitions, internal, Map.copyOf(configs));
        });
    }

    public void addPartitions(Uuid topicId, int oldCount, int newCount, List<Integer> owners) {
        catalog.inTransaction(c -> {
            try (PreparedStatement ps = c.prepareStatement(
                    "update topics set partition_count = ? where topic_id = ? and partition_count = ?")) {
                ps.setInt(1, newCount);
                ps.setObject(2, uuid(topicId));
                ps.setInt(3, oldCount);
                if (ps.executeUpdate() == 0) {
                    throw new CatalogException("partition count of topic changed concurrently");
                }
            }
            insertPartitions(c, topicId, oldCount, owners);
            CatalogEvents.publish(c, "topics");
            return null;
        });
    }

    private static void insertPartitions(Connection c, Uuid id, int from, List<Integer> owners) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "insert into partitions (topic_id, partition, owner_node, epoch) values (?, ?, ?, ?)")) {
            for (int i = 0; i < owners.size(); i++) {
                ps.setObject(1, uuid(id));
                ps.setInt(2, from + i);
                Integer owner = owners.get(i);
                if (owner == null) {
                    ps.setNull(3, java.sql.Types.INTEGER);
                    ps.setInt(4, 0);
                } else {
                    ps.setInt(3, owner);
                    ps.setInt(4, 1);
                }
                ps.addBatch();
            }
            ps.executeBatch();
        }
    }

    private static void insertConfigs(Connection c, Uuid id, Map<String, String> configs) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "insert into topic_configs (topic_id, name, value) values (?, ?, ?) on conflict (topic_id, name) do update set value = excluded.value")) {
            for (Map.Entry<String, String> e : configs.entrySet()) {
                ps.setObject(1, uuid(id));
                ps.setString(2, e.getKey());
                ps.setString(3, e.getValue());
                ps.addBatch();
            }
            ps.executeBatch();
        }
    }

    /** Deletes the topic; its ranges go with it so the objects become garbage for the collector. */
    public boolean delete(Uuid topicId) {
        return catalog.inTransaction(c -> {
            try (PreparedStatement ps = c.prepareStatement("delete from ranges where topic_id = ?")) {
                ps.setObject(1, uuid(topicId));
                ps.executeUpdate();
            }
            try (PreparedStatement ps = c.prepareStatement("delete from producer_states where topic_id = ?")) {
                ps.setObject(1, uuid(topicId));
                ps.executeUpdate();
            }
            try (PreparedStatement ps = c.prepareStatement("delete from topics where topic_id = ?")) {
                ps.setObject(1, uuid(topicId));
                CatalogEvents.publish(c, "topics");
                return ps.executeUpdate() > 0;
            }
        });
    }

    public void alterConfigs(Uuid topicId, Map<String, String> set, Set<String> delete) {
        catalog.inTransaction(c -> {
            insertConfigs(c, topicId, set);
            try (PreparedStatement ps = c.prepareStatement("delete from topic_configs where topic_id = ? and name = ?")) {
                for (String key : delete) {
                    ps.setObject(1, uuid(topicId));
                    ps.setString(2, key);
                    ps.addBatch();
                }
                ps.executeBatch();
            }
            return null;
        });
    }

    public List<TopicInfo> list() {
        return catalog.read(c -> {
            Map<Uuid, Map<String, String>> configs = new HashMap<>();
            try (PreparedStatement ps = c.prepareStatement("select topic_id, name, value from topic_configs");
                 ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    configs.computeIfAbsent(uuid(rs.getObject(1, UUID.class)), k -> new LinkedHashMap<>())
                            .put(rs.getString(2), rs.getString(3));
                }
            }
            List<TopicInfo> out = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement(
                    "select topic_id, name, partition_count, internal from topics order by name");
                 ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    Uuid id = uuid(rs.getObject(1, UUID.class));
                    out.add(new TopicInfo(id, rs.getString(2), rs.getInt(3), rs.getBoolean(4),
                            Map.copyOf(configs.getOrDefault(id, Map.of()))));
                }
            }
            return out;
        });
    }

    public List<PartitionInfo> partitions() {
        return catalog.read(c -> {
            List<PartitionInfo> out = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement(
                    "select topic_id, partition, owner_node, epoch, log_start_offset, uploaded_end_offset, move_to from partitions order by topic_id, partition");
                 ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(partition(rs));
                }
            }
            return out;
        });
    }

    public PartitionInfo partition(Uuid topicId, int partition) {
        return catalog.read(c -> {
            try (PreparedStatement ps = c.prepareStatement(
                    "select topic_id, partition, owner_node, epoch, log_start_offset, uploaded_end_offset, move_to from partitions where topic_id = ? and partition = ?")) {
                ps.setObject(1, uuid(topicId));
                ps.setInt(2, partition);
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next() ? partition(rs) : null;
                }
            }
        });
    }

    private static PartitionInfo partition(ResultSet rs) throws SQLException {
        int owner = rs.getInt(3);
        Integer ownerOrNull = rs.wasNull() ? null : owner;
        int moveTo = rs.getInt(7);
        Integer moveToOrNull = rs.wasNull() ? null : moveTo;
        return new PartitionInfo(uuid(rs.getObject(1, UUID.class)), rs.getInt(2), ownerOrNull, rs.getInt(4), rs.getLong(5), rs.getLong(6),
                moveToOrNull);
    }

    /** Gives {@code partition} (as read, at its epoch) to {@code owner}; null: to nobody. */
    public record Assignment(Uuid topicId, int partition, int expectedEpoch, Integer owner) {
    }

    /** Moves ownership (controller only); the epoch guard makes concurrent moves lose, not interleave. */
    public boolean assign(Uuid topicId, int partition, int expectedEpoch, Integer newOwner) {
        return !assignAll(List.of(new Assignment(topicId, partition, expectedEpoch, newOwner))).isEmpty();
    }

    /**
     * Several assignments in one transaction with one notification, so brokers taking over many partitions (after a
     * failover) learn them at once. Returns those that took effect; one whose epoch moved on is skipped.
     */
    public List<Assignment> assignAll(List<Assignment> assignments) {
        if (assignments.isEmpty()) {
            return List.of();
        }
        return catalog.inTransaction(c -> assign(c, assignments));
    }

    /** The assignments that took effect, within the caller's transaction; notifies brokers when there is one. */
    static List<Assignment> assign(Connection c, List<Assignment> assignments) throws SQLException {
        List<Assignment> done = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement(
                "update partitions set owner_node = ?, epoch = epoch + 1, move_to = null where topic_id = ? and partition = ? and epoch = ?")) {
            for (Assignment a : assignments) {
                if (a.owner() == null) {
                    ps.setNull(1, java.sql.Types.INTEGER);
                } else {
                    ps.setInt(1, a.owner());
                }
                ps.setObject(2, uuid(a.topicId()));
                ps.setInt(3, a.partition());
                ps.setInt(4, a.expectedEpoch());
                if (ps.executeUpdate() > 0) {
                    done.add(a);
                }
            }
        }
        if (!done.isEmpty()) {
            CatalogEvents.publish(c, "ownership");
        }
        return done;
    }

    static UUID uuid(Uuid id) {
        return new UUID(id.getMostSignificantBits(), id.getLeastSignificantBits());
    }

    static Uuid uuid(UUID id) {
        return new Uuid(id.getMostSignificantBits(), id.getLeastSignificantBits());
    }
}
