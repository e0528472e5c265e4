package dev.floe.broker.protocol.handlers;

import dev.floe.broker.catalog.MetadataCache;
import dev.floe.broker.catalog.TopicInfo;
import dev.floe.broker.config.BrokerConfig;
import dev.floe.broker.config.TopicConfigs;
import dev.floe.broker.protocol.ApiHandler;
import dev.floe.broker.protocol.RequestContext;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.message.DescribeConfigsRequestData;
import org.apache.kafka.common.message.DescribeConfigsResponseData;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.Errors;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/** DescribeConfigs for topics (set values and defaults) and, read-only, for brokers. */
public final class DescribeConfigsHandler implements ApiHandler<DescribeConfigsRequestData> {
    private static final byte TOPIC_CONFIG = 1;
    private static final byte STATIC_BROKER_CONFIG = 4;
    private static final byte DEFAULT_CONFIG = 5;

    private final MetadataCache metadata;
    private final TopicConfigs topicConfigs;
    private final BrokerConfig config;

    public DescribeConfigsHandler(MetadataCache metadata, TopicConfigs topicConfigs, BrokerConfig config) {
        this.metadata = metadata;
        this.topicConfigs = topicConfigs;
        this.config = config;
    }

    @Override
    public ApiKeys apiKey() {
        return ApiKeys.DESCRIBE_CONFIGS;
    }

    @Override
    public short minVersion() {
        return 1;
    }

    @Override
    public short maxVersion() {
        return 4;
    }

    @Override
    public CompletableFuture<DescribeConfigsResponseData> handle(RequestContext ctx, DescribeConfigsRequestData req) {
        DescribeConfigsResponseData resp = new DescribeConfigsResponseData();
        for (DescribeConfigsRequestData.DescribeConfigsResource r : req.resources()) {
            DescribeConfigsResponseData.DescribeConfigsResult out = new DescribeConfigsResponseData.DescribeConfigsResult()
                    .setResourceType(r.resourceType()).setResourceName(r.resourceName());
            resp.results().add(out);
            if (r.resourceType() == ConfigResource.Type.TOPIC.id()) {
                TopicInfo t = metadata.current().topicsByName().get(r.resourceName());
                if (t == null) {
                    t = metadata.refreshIfOlderThan(100).topicsByName().get(r.resourceName());
                }
                if (t == null || t.internal()) {
                    out.setErrorCode(Errors.UNKNOWN_TOPIC_OR_PARTITION.code()).setErrorMessage("unknown topic " + r.resourceName());
                    continue;
                }
                for (String key : topicConfigs.defaults().keySet()) {
                    if (wanted(r.configurationKeys(), key)) {
                        boolean set = t.configs().containsKey(key);
                        out.configs().add(entry(key, topicConfigs.effective(t.configs(), key), set ? TOPIC_CONFIG : DEFAULT_CONFIG, false));
                    }
                }
            } else if (r.resourceType() == ConfigResource.Type.BROKER.id()) {
                if (!r.resourceName().isEmpty() && !r.resourceName().equals(String.valueOf(config.nodeId()))) {
                    out.setErrorCode(Errors.INVALID_REQUEST.code()).setErrorMessage("this is broker " + config.nodeId());
                    continue;
                }
                brokerConfigs().forEach((key, value) -> {
                    if (wanted(r.configurationKeys(), key)) {
                        out.configs().add(entry(key, value, STATIC_BROKER_CONFIG, true));
                    }
                });
            } else {
                out.setErrorCode(Errors.INVALID_REQUEST.code()).setErrorMessage("unsupported resource type " + r.resourceType());
            }
        }
        return CompletableFuture.completedFuture(resp);
    }

    private Map<String, String> brokerConfigs() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("broker.id", String.valueOf(config.nodeId()));
        m.put("broker.rack", config.zone());
        m.put("auto.create.topics.enable", String.valueOf(config.autoCreateTopics()));
        m.put("num.partitions", String.valueOf(config.defaultPartitions()));
        m.put("log.retention.ms", String.valueOf(config.defaultRetentionMs()));
        m.put("log.retention.bytes", String.valueOf(config.defaultRetentionBytes()));
        m.put("message.max.bytes", String.valueOf(config.defaultMaxMessageBytes()));
        m.put("default.replication.factor", "1");
        m.put("min.insync.replicas", "1");
        return m;
    }

    private static boolean wanted(List<String> keys, String key) {
        return keys == null || keys.isEmpty() || keys.contains(key);
    }

    private static DescribeConfigsResponseData.DescribeConfigsResourceResult entry(String key, String value, byte source, boolean readOnly) {
        return new DescribeConfigsResponseData.DescribeConfigsResourceResult().setName(key).setValue(value)
                .setReadOnly(readOnly).setIsSensitive(false).setConfigSource(source)
                .setConfigType((byte) 0).setDocumentation(null);
    }
}
