package dev.floe.broker.catalog;

import org.apache.kafka.common.TopicIdPartition;
import org.apache.kafka.common.Uuid;

import java.util.List;
import java.util.Map;

/** A consistent-enough picture of the cluster read from the catalog: what Metadata answers from. */
public record ClusterSnapshot(List<BrokerInfo> brokers, Map<String, TopicInfo> topicsByName, Map<Uuid, TopicInfo> topicsById,
                              Map<TopicIdPartition, PartitionInfo> partitions, int controllerId) {

    public BrokerInfo broker(int nodeId) {
        for (BrokerInfo b : brokers) {
            if (b.nodeId() == nodeId) {
                return b;
            }
        }
        return null;
    }

    public PartitionInfo partition(TopicInfo topic, int partition) {
        return partitions.get(new TopicIdPartition(topic.id(), partition, topic.name()));
    }

    /** The owner only if it is alive and serving; clients are never sent to a dead broker. */
    public Integer liveOwner(TopicInfo topic, int partition) {
        PartitionInfo p = partition(topic, partition);
        if (p == null || p.owner() == null) {
            return null;
        }
        BrokerInfo b = broker(p.owner());
        return b != null && b.serving() ? p.owner() : null;
    }

    public List<BrokerInfo> servingBrokers() {
        return brokers.stream().filter(BrokerInfo::serving).toList();
    }
}
