package dev.floe.agent.provider;

import java.util.Map;

/**
 * One broker the cluster should have. {@code subnetId} is null where the provider has no subnets;
 * {@code retentionMs} is null for the broker's default.
 */
public record BrokerSpec(String clusterId, int nodeId, String zone, String subnetId, String instanceType,
        int listenerPort, VolumeSpec volume, Map<String, String> tags, boolean autoCreateTopics, Long retentionMs) {

    /** Cluster-wide broker settings of the launch contract beyond the required ones. */
    public Map<String, String> settings() {
        Map<String, String> settings = new java.util.LinkedHashMap<>();
        settings.put("FLOE_AUTO_CREATE_TOPICS", Boolean.toString(autoCreateTopics));
        if (retentionMs != null) {
            settings.put("FLOE_RETENTION_MS", Long.toString(retentionMs));
        }
        return settings;
    }
}
