package dev.floe.broker.catalog;

import org.apache.kafka.common.TopicIdPartition;
import org.apache.kafka.common.Uuid;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Holds the latest cluster snapshot; refreshed by the membership loop and after metadata changes. */
public final class MetadataCache {
    private final Catalog catalog;
    private final CatalogBrokers brokers;
    private final CatalogTopics topics;
    private volatile long refreshedAt;
    private volatile ClusterSnapshot snapshot = new ClusterSnapshot(List.of(), Map.of(), Map.of(), Map.of(), -1);

    public MetadataCache(Catalog catalog, CatalogBrokers brokers, CatalogTopics topics) {
        this.catalog = catalog;
        this.brokers = brokers;
        this.topics = topics;
    }

    public ClusterSnapshot current() {
        return snapshot;
    }

    /**
     * Refreshes unless the snapshot is younger than {@code maxAgeMs}: a client asking for a topic
     * another broker just created sees it at once, while clients polling for missing topics cannot
     * turn every request into a catalog query.
     */
    public ClusterSnapshot refreshIfOlderThan(long maxAgeMs) {
        if (System.currentTimeMillis() - refreshedAt < maxAgeMs) {
            return snapshot;
        }
        return refresh();
    }

    public synchronized ClusterSnapshot refresh() {
        List<BrokerInfo> b = brokers.list();
        List<TopicInfo> t = topics.list();
        List<PartitionInfo> p = topics.partitions();
        Map<String, TopicInfo> byName = new HashMap<>();
        Map<Uuid, TopicInfo> byId = new HashMap<>();
        for (TopicInfo topic : t) {
            byName.put(topic.name(), topic);
            byId.put(topic.id(), topic);
        }
        Map<TopicIdPartition, PartitionInfo> parts = new HashMap<>();
        for (PartitionInfo info : p) {
            TopicInfo topic = byId.get(info.topicId());
            if (topic != null) {
                parts.put(new TopicIdPartition(topic.id(), info.partition(), topic.name()), info);
            }
        }
        int controller = catalog.read(c -> {
            try (PreparedStatement ps = c.prepareStatement("select node_id from cluster_controller");
                 ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getInt(1) : -1;
            }
        });
        snapshot = new ClusterSnapshot(List.copyOf(b), Map.copyOf(byName), Map.copyOf(byId), Map.copyOf(parts), controller);
        refreshedAt = System.currentTimeMillis();
        return snapshot;
    }
}
