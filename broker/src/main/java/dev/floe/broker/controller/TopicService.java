package dev.floe.broker.controller;

import dev.floe.broker.catalog.CatalogOffsets;
import dev.floe.broker.catalog.CatalogTopics;
import dev.floe.broker.catalog.ClusterSnapshot;
import dev.floe.broker.catalog.MetadataCache;
import dev.floe.broker.catalog.PartitionInfo;
import dev.floe.broker.catalog.TopicInfo;

import java.util.List;
import java.util.Map;

/**
 * Topic lifecycle on behalf of admin requests and auto-creation: new partitions are spread over the
 * serving brokers at once (epoch 1), so producers need not wait for a controller round.
 */
public final class TopicService {
    private final CatalogTopics topics;
    private final CatalogOffsets offsets;
    private final MetadataCache metadata;
    private final Runnable syncOwnership;

    public TopicService(CatalogTopics topics, CatalogOffsets offsets, MetadataCache metadata, Runnable syncOwnership) {
        this.topics = topics;
        this.offsets = offsets;
        this.metadata = metadata;
        this.syncOwnership = syncOwnership;
    }

    public TopicInfo create(String name, int partitions, Map<String, String> configs) {
        ClusterSnapshot s = metadata.refresh();
        List<Integer> owners = PartitionAssigner.spread(null, partitions, s.brokers(), dataPartitions(s));
        TopicInfo t = topics.create(name, partitions, configs, false, owners);
        changed();
        return t;
    }

    public void addPartitions(TopicInfo topic, int newCount) {
        ClusterSnapshot s = metadata.refresh();
        List<Integer> owners = PartitionAssigner.spread(topic.id(), newCount - topic.partitionCount(), s.brokers(), dataPartitions(s));
        topics.addPartitions(topic.id(), topic.partitionCount(), newCount, owners);
        changed();
    }

    public void delete(TopicInfo topic) {
        topics.delete(topic.id());
        offsets.deleteTopic(topic.name());
        changed();
    }

    public void alterConfigs(TopicInfo topic, Map<String, String> set, java.util.Set<String> delete) {
        topics.alterConfigs(topic.id(), set, delete);
        metadata.refresh();
    }

    /** Data partitions only: the controller balances coordinator slots apart, so they must not skew a topic's spread. */
    private static List<PartitionInfo> dataPartitions(ClusterSnapshot s) {
        return s.partitions().values().stream().filter(p -> !s.topicsById().get(p.topicId()).internal()).toList();
    }

    private void changed() {
        metadata.refresh();
        syncOwnership.run();
    }
}
