package dev.floe.broker.config;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The topic-level settings Floe understands, their defaults from the broker config, and validation.
 * segment.* keys are accepted so tools that set them keep working; the log has no segments to size.
 */
public final class TopicConfigs {
    public static final String CLEANUP_POLICY = "cleanup.policy";
    public static final String RETENTION_MS = "retention.ms";
    public static final String RETENTION_BYTES = "retention.bytes";
    public static final String MAX_MESSAGE_BYTES = "max.message.bytes";
    public static final String SEGMENT_BYTES = "segment.bytes";
    public static final String SEGMENT_MS = "segment.ms";
    public static final String MIN_INSYNC_REPLICAS = "min.insync.replicas";

    private final Map<String, String> defaults = new LinkedHashMap<>();

    public TopicConfigs(BrokerConfig broker) {
        defaults.put(CLEANUP_POLICY, "delete");
        defaults.put(RETENTION_MS, String.valueOf(broker.defaultRetentionMs()));
        defaults.put(RETENTION_BYTES, String.valueOf(broker.defaultRetentionBytes()));
        defaults.put(MAX_MESSAGE_BYTES, String.valueOf(broker.defaultMaxMessageBytes()));
        defaults.put(SEGMENT_BYTES, String.valueOf(1024 * 1024 * 1024));
        defaults.put(SEGMENT_MS, String.valueOf(7L * 24 * 3600 * 1000));
        defaults.put(MIN_INSYNC_REPLICAS, "1");
    }

    public Map<String, String> defaults() {
        return defaults;
    }

    public boolean known(String key) {
        return defaults.containsKey(key);
    }

    /** Returns null if valid, else a message naming the key and what is wrong. */
    public String validate(String key, String value) {
        if (!known(key)) {
            return "unknown topic config '" + key + "'";
        }
        if (value == null) {
            return "config '" + key + "' needs a value";
        }
        try {
            switch (key) {
                case CLEANUP_POLICY -> {
                    if (!value.equals("delete")) {
                        return "cleanup.policy supports only 'delete'";
                    }
                }
                case RETENTION_MS, RETENTION_BYTES -> {
                    if (Long.parseLong(value) < -1) {
                        return key + " must be >= -1";
                    }
                }
                case MAX_MESSAGE_BYTES, MIN_INSYNC_REPLICAS -> {
                    if (Integer.parseInt(value) < 0) {
                        return key + " must be >= 0";
                    }
                }
                default -> Long.parseLong(value);
            }
        } catch (NumberFormatException e) {
            return key + " must be a number, got '" + value + "'";
        }
        return null;
    }

    /** The effective value: the topic's own setting, else the default. */
    public String effective(Map<String, String> topicConfigs, String key) {
        String v = topicConfigs.get(key);
        return v != null ? v : defaults.get(key);
    }

    public long longValue(Map<String, String> topicConfigs, String key) {
        return Long.parseLong(effective(topicConfigs, key));
    }
}
