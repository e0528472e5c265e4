package dev.floe.agent.provider;

import java.util.Map;

/** One broker the cluster should have. {@code subnetId} is null where the provider has no subnets. */
public record BrokerSpec(String clusterId, int nodeId, String zone, String subnetId, String instanceType,
        int listenerPort, VolumeSpec volume, Map<String, String> tags) {
}
