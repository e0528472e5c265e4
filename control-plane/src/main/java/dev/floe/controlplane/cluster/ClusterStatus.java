package dev.floe.controlplane.cluster;

import java.time.Instant;
import java.util.List;

/** Observed state of a cluster, as the agent reports it. */
public record ClusterStatus(ClusterPhase phase, long observedGeneration, String bootstrapServers, List<Broker> brokers,
                            List<Condition> conditions, Instant updatedAt) {

    public record Broker(int nodeId, String host, int port, String zone, String state, Integer partitions,
                         Double bytesInPerSec, Double bytesOutPerSec) {
    }

    public record Condition(String type, String status, String reason, String message, Instant lastTransitionTime) {
    }
}
