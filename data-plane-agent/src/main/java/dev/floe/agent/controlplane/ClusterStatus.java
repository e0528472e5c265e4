package dev.floe.agent.controlplane;

import java.util.List;

/** Observed state of one cluster as reported to the control plane. */
public record ClusterStatus(long observedGeneration, String phase, String bootstrapServers,
        List<BrokerStatus> brokers, List<Condition> conditions, boolean deleted) {
}
