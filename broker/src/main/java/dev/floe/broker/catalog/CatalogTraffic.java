package dev.floe.broker.catalog;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

import static dev.floe.broker.catalog.CatalogTopics.uuid;

/** Per-partition traffic: written by each owner every few seconds, read by the controller's balancer. */
public final class CatalogTraffic {
    private final Catalog catalog;

    public CatalogTraffic(Catalog catalog) {
        this.catalog = catalog;
    }

    /** Bytes per second into and out of one partition, smoothed by its owner. */
    public record Rates(double bytesInPerSec, double bytesOutPerSec) {
        public double total() {
            return bytesInPerSec + bytesOutPerSec;
        }
    }

    /** Writes what this broker measured; a partition's row follows whoever owns it. */
    public void report(int nodeId, Map<PartitionKey, Rates> rates) {
        if (rates.isEmpty()) {
            return;
        }
        catalog.inTransaction(c -> {
            try (PreparedStatement ps = c.prepareStatement("""
                    insert into partition_traffic (topic_id, partition, node_id, bytes_in_per_sec, bytes_out_per_sec, sampled_at)
                    select ?, ?, ?, ?, ?, now() where exists (select 1 from topics where topic_id = ?)
                    on conflict (topic_id, partition) do update set node_id = excluded.node_id,
                      bytes_in_per_sec = excluded.bytes_in_per_sec, bytes_out_per_sec = excluded.bytes_out_per_sec,
                      sampled_at = excluded.sampled_at""")) {
                for (Map.Entry<PartitionKey, Rates> e : rates.entrySet()) {
                    UUID topic = uuid(e.getKey().topicId());
                    ps.setObject(1, topic);
                    ps.setInt(2, e.getKey().partition());
                    ps.setInt(3, nodeId);
                    ps.setDouble(4, e.getValue().bytesInPerSec());
                    ps.setDouble(5, e.getValue().bytesOutPerSec());
                    ps.setObject(6, topic);
                    ps.addBatch();
                }
                ps.executeBatch();
            }
            return null;
        });
    }

    /** In + out bytes per second of every partition with a sample. */
    public Map<PartitionKey, Double> totals() {
        return catalog.read(c -> {
            Map<PartitionKey, Double> out = new HashMap<>();
            try (PreparedStatement ps = c.prepareStatement(
                    "select topic_id, partition, bytes_in_per_sec + bytes_out_per_sec from partition_traffic");
                 ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.put(new PartitionKey(uuid(rs.getObject(1, UUID.class)), rs.getInt(2)), rs.getDouble(3));
                }
            }
            return out;
        });
    }
}
