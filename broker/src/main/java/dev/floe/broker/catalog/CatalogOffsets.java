package dev.floe.broker.catalog;

import org.apache.kafka.common.TopicPartition;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Committed consumer-group offsets; they live in the catalog so they survive a coordinator move. */
public final class CatalogOffsets {
    private final Catalog catalog;

    public CatalogOffsets(Catalog catalog) {
        this.catalog = catalog;
    }

    public record Committed(long offset, int leaderEpoch, String metadata) {
    }

    public void commit(String groupId, Map<TopicPartition, Committed> offsets) {
        catalog.inTransaction(c -> {
            try (PreparedStatement ps = c.prepareStatement("""
                    insert into group_offsets (group_id, topic, partition, committed_offset, leader_epoch, metadata, commit_time)
                    values (?, ?, ?, ?, ?, ?, now())
                    on conflict (group_id, topic, partition) do update set committed_offset = excluded.committed_offset,
                      leader_epoch = excluded.leader_epoch, metadata = excluded.metadata, commit_time = now()""")) {
                for (Map.Entry<TopicPartition, Committed> e : offsets.entrySet()) {
                    ps.setString(1, groupId);
                    ps.setString(2, e.getKey().topic());
                    ps.setInt(3, e.getKey().partition());
                    ps.setLong(4, e.getValue().offset());
                    ps.setInt(5, e.getValue().leaderEpoch());
                    ps.setString(6, e.getValue().metadata());
                    ps.addBatch();
                }
                ps.executeBatch();
            }
            return null;
        });
    }

    public Map<TopicPartition, Committed> fetch(String groupId) {
        return catalog.read(c -> {
            try (PreparedStatement ps = c.prepareStatement(
                    "select topic, partition, committed_offset, leader_epoch, metadata from group_offsets where group_id = ?")) {
                ps.setString(1, groupId);
                Map<TopicPartition, Committed> out = new LinkedHashMap<>();
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        out.put(new TopicPartition(rs.getString(1), rs.getInt(2)),
                                new Committed(rs.getLong(3), rs.getInt(4), rs.getString(5)));
                    }
                }
                return out;
            }
        });
    }

    public void deleteGroup(String groupId) {
        catalog.inTransaction(c -> {
            try (PreparedStatement ps = c.prepareStatement("delete from group_offsets where group_id = ?")) {
                ps.setString(1, groupId);
                ps.executeUpdate();
            }
            return null;
        });
    }

    public void deleteTopic(String topic) {
        catalog.inTransaction(c -> {
            try (PreparedStatement ps = c.prepareStatement("delete from group_offsets where topic = ?")) {
                ps.setString(1, topic);
                ps.executeUpdate();
            }
            return null;
        });
    }

    /** Groups that have committed offsets (they exist even while no member is connected). */
    public List<String> groupIds() {
        return catalog.read(c -> {
            List<String> out = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement("select distinct group_id from group_offsets order by group_id");
                 ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(rs.getString(1));
                }
            }
            return out;
        });
    }
}
