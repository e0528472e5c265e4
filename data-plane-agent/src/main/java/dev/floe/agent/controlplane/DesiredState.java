package dev.floe.agent.controlplane;

import java.util.List;

/** The environment's whole desired state at one revision (level-triggered: each answer is complete). */
public record DesiredState(String environmentId, long revision, EnvironmentSpec environment,
        List<DesiredCluster> clusters, List<Object> drPairings, List<PendingStep> pendingSteps) {

    public DesiredState {
        clusters = clusters == null ? List.of() : List.copyOf(clusters);
        drPairings = drPairings == null ? List.of() : drPairings;
        pendingSteps = pendingSteps == null ? List.of() : List.copyOf(pendingSteps);
    }
}
