package dev.floe.broker.protocol.handlers;

import dev.floe.broker.catalog.BrokerInfo;
import dev.floe.broker.catalog.CatalogTopics;
import dev.floe.broker.catalog.ClusterSnapshot;
import dev.floe.broker.catalog.MetadataCache;
import dev.floe.broker.catalog.PartitionInfo;
import dev.floe.broker.catalog.TopicInfo;
import dev.floe.broker.config.BrokerConfig;
import dev.floe.broker.controller.TopicService;
import dev.floe.broker.protocol.ApiHandler;
import dev.floe.broker.protocol.RequestContext;
import org.apache.kafka.common.internals.Topic;
import org.apache.kafka.common.message.MetadataRequestData;
import org.apache.kafka.common.message.MetadataResponseData;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.Errors;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/** Metadata: live brokers and, per partition, its owner as leader (the only replica). */
public final class MetadataHandler implements ApiHandler<MetadataRequestData> {
    private final MetadataCache metadata;
    private final TopicService topicService;
    private final BrokerConfig config;

    public MetadataHandler(MetadataCache metadata, TopicService topicService, BrokerConfig config) {
        this.metadata = metadata;
        this.topicService = topicService;
        this.config = config;
    }

    @Override
    public ApiKeys apiKey() {
        return ApiKeys.METADATA;
    }

    @Override
    public short minVersion() {
        return 0;
    }

    @Override
    public short maxVersion() {
        return 12;
    }

    @Override
    public CompletableFuture<MetadataResponseData> handle(RequestContext ctx, MetadataRequestData req) {
        ClusterSnapshot s = metadata.current();
        boolean all = req.topics() == null || (ctx.apiVersion() == 0 && req.topics().isEmpty());
        boolean autoCreate = config.autoCreateTopics() && (ctx.apiVersion() < 4 || req.allowAutoTopicCreation());
        List<String> names = new ArrayList<>();
        List<MetadataResponseData.MetadataResponseTopic> unresolved = new ArrayList<>();
        if (all) {
            s.topicsByName().values().stream().filter(t -> !t.internal()).map(TopicInfo::name).sorted().forEach(names::add);
        } else {
            for (MetadataRequestData.MetadataRequestTopic t : req.topics()) {
                String name = t.name();
                if (name == null && t.topicId() != null) {
                    TopicInfo byId = s.topicsById().get(t.topicId());
                    if (byId == null) {
                        unresolved.add(new MetadataResponseData.MetadataResponseTopic().setTopicId(t.topicId())
                                .setErrorCode(Errors.UNKNOWN_TOPIC_ID.code()));
                        continue;
                    }
                    name = byId.name();
                }
                names.add(name);
            }
        }
        if (names.stream().anyMatch(n -> !metadata.current().topicsByName().containsKey(n))) {
            s = metadata.refreshIfOlderThan(100); // maybe created on another broker a moment ago
        }
        boolean created = false;
        for (String name : names) {
            if (!s.topicsByName().containsKey(name) && autoCreate && validName(name)) {
                try {
                    topicService.create(name, config.defaultPartitions(), Map.of());
                } catch (CatalogTopics.TopicExistsException ignored) {
                    // created concurrently by another client or broker
                }
                created = true;
            }
        }
        if (created) {
            s = metadata.current();
        }
        MetadataResponseData resp = new MetadataResponseData()
                .setClusterId(config.clusterId())
                .setControllerId(s.controllerId() >= 0 ? s.controllerId() : config.nodeId())
                .setClusterAuthorizedOperations(Integer.MIN_VALUE);
        for (BrokerInfo b : s.servingBrokers()) {
            resp.brokers().add(new MetadataResponseData.MetadataResponseBroker()
                    .setNodeId(b.nodeId()).setHost(b.host()).setPort(b.port()).setRack(b.zone()));
        }
        for (String name : names) {
            resp.topics().add(topic(s, name));
        }
        resp.topics().addAll(unresolved);
        return CompletableFuture.completedFuture(resp);
    }

    private static boolean validName(String name) {
        try {
            Topic.validate(name);
            return !Topic.isInternal(name);
        } catch (RuntimeException e) {
            return false;
        }
    }

    private static MetadataResponseData.MetadataResponseTopic topic(ClusterSnapshot s, String name) {
        TopicInfo t = s.topicsByName().get(name);
        MetadataResponseData.MetadataResponseTopic out = new MetadataResponseData.MetadataResponseTopic().setName(name);
        if (t == null || t.internal()) {
            return out.setErrorCode((validName(name) ? Errors.UNKNOWN_TOPIC_OR_PARTITION : Errors.INVALID_TOPIC_EXCEPTION).code());
        }
        out.setTopicId(t.id()).setIsInternal(false).setTopicAuthorizedOperations(Integer.MIN_VALUE);
        for (int i = 0; i < t.partitionCount(); i++) {
            PartitionInfo p = s.partition(t, i);
            Integer leader = s.liveOwner(t, i);
            MetadataResponseData.MetadataResponsePartition mp = new MetadataResponseData.MetadataResponsePartition()
                    .setPartitionIndex(i)
                    .setLeaderEpoch(p == null ? -1 : p.epoch());
            if (leader == null) {
                mp.setErrorCode(Errors.LEADER_NOT_AVAILABLE.code()).setLeaderId(-1)
                        .setReplicaNodes(List.of()).setIsrNodes(List.of());
            } else {
                mp.setLeaderId(leader).setReplicaNodes(List.of(leader)).setIsrNodes(List.of(leader));
            }
            out.partitions().add(mp);
        }
        return out;
    }
}
