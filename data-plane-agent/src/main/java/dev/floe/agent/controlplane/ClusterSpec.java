package dev.floe.agent.controlplane;

import java.util.List;

public record ClusterSpec(Integer brokerCount, String instanceType, List<String> zones, Integer walVolumeSizeGiB,
        String walType, Long retentionMs, ListenerSpec listener) {

    public ClusterSpec {
        zones = zones == null ? List.of() : List.copyOf(zones);
    }
}
