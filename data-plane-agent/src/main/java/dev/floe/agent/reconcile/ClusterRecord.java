package dev.floe.agent.reconcile;

import dev.floe.agent.controlplane.Condition;
import java.util.List;

/**
 * What the agent remembers about a cluster between runs: the last generation it brought to RUNNING and
 * reported (operation events stop after that), and the conditions last reported (to keep transition times).
 */
public record ClusterRecord(String clusterId, long completedGeneration, List<Condition> conditions) {

    public ClusterRecord {
        conditions = conditions == null ? List.of() : List.copyOf(conditions);
    }

    public static ClusterRecord empty(String clusterId) {
        return new ClusterRecord(clusterId, 0, List.of());
    }
}
