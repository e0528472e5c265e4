package dev.floe.agent.controlplane;

/** One cluster as the control plane wants it; {@code generation} grows with every accepted change. */
public record DesiredCluster(String id, String name, long generation, boolean deleting, String operationId,
        TierSpec tier, ClusterSpec spec) {
}
