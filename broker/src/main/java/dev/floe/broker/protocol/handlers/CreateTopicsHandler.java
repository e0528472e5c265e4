package dev.floe.broker.protocol.handlers;

import dev.floe.broker.catalog.CatalogTopics;
import dev.floe.broker.catalog.MetadataCache;
import dev.floe.broker.catalog.TopicInfo;
import dev.floe.broker.config.BrokerConfig;
import dev.floe.broker.config.TopicConfigs;
import dev.floe.broker.controller.TopicService;
import dev.floe.broker.protocol.ApiHandler;
import dev.floe.broker.protocol.RequestContext;
import org.apache.kafka.common.internals.Topic;
import org.apache.kafka.common.message.CreateTopicsRequestData;
import org.apache.kafka.common.message.CreateTopicsResponseData;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.requests.CreateTopicsRequest;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * CreateTopics. Any replication factor is accepted: durability comes from the WAL and the bucket,
 * not from replicas, and every partition reports a single replica.
 */
public final class CreateTopicsHandler implements ApiHandler<CreateTopicsRequestData> {
    private static final int MAX_PARTITIONS = 10_000;
    private final MetadataCache metadata;
    private final TopicService topicService;
    private final TopicConfigs topicConfigs;
    private final BrokerConfig config;

    public CreateTopicsHandler(MetadataCache metadata, TopicService topicService, TopicConfigs topicConfigs, BrokerConfig config) {
        this.metadata = metadata;
        this.topicService = topicService;
        this.topicConfigs = topicConfigs;
        this.config = config;
    }

    @Override
    public ApiKeys apiKey() {
        return ApiKeys.CREATE_TOPICS;
    }

    @Override
    public short minVersion() {
        return 2;
    }

    @Override
    public short maxVersion() {
        return 7;
    }

    @Override
    public CompletableFuture<CreateTopicsResponseData> handle(RequestContext ctx, CreateTopicsRequestData req) {
        CreateTopicsResponseData resp = new CreateTopicsResponseData();
        metadata.refresh();
        for (CreateTopicsRequestData.CreatableTopic t : req.topics()) {
            CreateTopicsResponseData.CreatableTopicResult r = new CreateTopicsResponseData.CreatableTopicResult().setName(t.name());
            resp.topics().add(r);
            int partitions = t.numPartitions() == CreateTopicsRequest.NO_NUM_PARTITIONS ? config.defaultPartitions() : t.numPartitions();
            Map<String, String> configs = new LinkedHashMap<>();
            String problem = null;
            Errors error = Errors.NONE;
            try {
                Topic.validate(t.name());
            } catch (RuntimeException e) {
                error = Errors.INVALID_TOPIC_EXCEPTION;
                problem = e.getMessage();
            }
            if (error == Errors.NONE && Topic.isInternal(t.name())) {
                error = Errors.INVALID_TOPIC_EXCEPTION;
                problem = "internal topic names are reserved";
            }
            if (error == Errors.NONE && (partitions <= 0 || partitions > MAX_PARTITIONS)) {
                error = Errors.INVALID_PARTITIONS;
                problem = "number of partitions must be between 1 and " + MAX_PARTITIONS;
            }
            if (error == Errors.NONE && !t.assignments().isEmpty()) {
                error = Errors.INVALID_REQUEST;
                problem = "manual replica assignment is not supported: partitions are placed by the controller";
            }
            if (error == Errors.NONE) {
                for (CreateTopicsRequestData.CreatableTopicConfig c : t.configs()) {
                    String bad = topicConfigs.validate(c.name(), c.value());
                    if (bad != null) {
                        error = Errors.INVALID_CONFIG;
                        problem = bad;
                        break;
                    }
                    configs.put(c.name(), c.value());
                }
            }
            if (error == Errors.NONE && metadata.current().topicsByName().containsKey(t.name())) {
                error = Errors.TOPIC_ALREADY_EXISTS;
                problem = "topic '" + t.name() + "' already exists";
            }
            if (error == Errors.NONE && !req.validateOnly()) {
                try {
                    TopicInfo created = topicService.create(t.name(), partitions, configs);
                    r.setTopicId(created.id());
                } catch (CatalogTopics.TopicExistsException e) {
                    error = Errors.TOPIC_ALREADY_EXISTS;
                    problem = e.getMessage();
                }
            }
            r.setErrorCode(error.code()).setErrorMessage(problem);
            if (error == Errors.NONE) {
                r.setNumPartitions(partitions).setReplicationFactor((short) 1);
                if (ctx.apiVersion() >= 5) { // configs are reported from v5 on
                    for (Map.Entry<String, String> d : topicConfigs.defaults().entrySet()) {
                        String v = configs.getOrDefault(d.getKey(), d.getValue());
                        r.configs().add(new CreateTopicsResponseData.CreatableTopicConfigs().setName(d.getKey()).setValue(v)
                                .setReadOnly(false).setIsSensitive(false)
                                .setConfigSource((byte) (configs.containsKey(d.getKey()) ? 1 : 5)));
                    }
                }
            } else {
                r.setNumPartitions(-1).setReplicationFactor((short) -1);
            }
        }
        return CompletableFuture.completedFuture(resp);
    }
}
