package dev.floe.agent.reconcile;

import dev.floe.agent.controlplane.BrokerStatus;
import dev.floe.agent.controlplane.ClusterStatus;
import dev.floe.agent.controlplane.Condition;
import dev.floe.agent.health.BrokerHealth;
import dev.floe.agent.provider.BrokerInstance;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/** Pure: from what a pass saw to the phase and conditions a person reads. */
public final class StatusCalculator {

    private StatusCalculator() {
    }

    public static ClusterStatus provisioned(long generation, List<BrokerInstance> brokers, List<BrokerHealth> health,
            int desiredBrokers, StepFailure failure, ClusterRecord previous, Instant now) {
        Map<Integer, BrokerHealth> byNode = health.stream()
                .collect(Collectors.toMap(BrokerHealth::nodeId, Function.identity(), (a, b) -> b));
        List<BrokerStatus> brokerStatuses = brokers.stream()
                .sorted(Comparator.comparingInt(BrokerInstance::nodeId))
                .map(b -> brokerStatus(b, byNode.get(b.nodeId())))
                .toList();
        long up = brokerStatuses.stream().filter(b -> "UP".equals(b.state())).count();
        boolean allUp = failure == null && up == desiredBrokers && brokerStatuses.size() == desiredBrokers;
        boolean applied = previous.completedGeneration() >= generation;

        String phase;
        List<Condition> conditions = new ArrayList<>();
        if (failure != null) {
            phase = failure.terminal() ? "FAILED" : previous.completedGeneration() == 0 ? "PROVISIONING"
                    : applied ? "DEGRADED" : "UPDATING";
            conditions.add(Condition.of("Ready", false, failure.reason(), failure.message(), now));
            conditions.add(Condition.of("Reconciled", false, failure.reason(),
                    "step " + failure.step() + " failed: " + failure.message(), now));
        } else if (allUp) {
            phase = "RUNNING";
            conditions.add(Condition.of("Ready", true, "AllBrokersUp", up + "/" + desiredBrokers + " brokers up", now));
            conditions.add(Condition.of("Reconciled", true, "AllStepsSucceeded", "generation " + generation
                    + " applied", now));
        } else {
            phase = applied ? "DEGRADED" : previous.completedGeneration() == 0 ? "PROVISIONING" : "UPDATING";
            conditions.add(Condition.of("Ready", false, applied ? "BrokersDown" : "BrokersStarting",
                    up + "/" + desiredBrokers + " brokers up" + downReasons(brokerStatuses, byNode), now));
            conditions.add(Condition.of("Reconciled", true, "AllStepsSucceeded", "resources of generation "
                    + generation + " exist", now));
        }
        String bootstrap = brokers.stream().sorted(Comparator.comparingInt(BrokerInstance::nodeId))
                .map(BrokerInstance::bootstrap).collect(Collectors.joining(","));
        return new ClusterStatus(generation, phase, bootstrap.isEmpty() ? null : bootstrap, brokerStatuses,
                keepTransitionTimes(previous.conditions(), conditions), false);
    }

    public static ClusterStatus tornDown(long generation, StepFailure failure, ClusterRecord previous, Instant now) {
        if (failure == null) {
            return new ClusterStatus(generation, "DELETING", null, List.of(), keepTransitionTimes(previous.conditions(),
                    List.of(Condition.of("Ready", false, "Deleted", "every resource of the cluster is gone", now))),
                    true);
        }
        return new ClusterStatus(generation, failure.terminal() ? "FAILED" : "DELETING", null, List.of(),
                keepTransitionTimes(previous.conditions(), List.of(
                        Condition.of("Ready", false, failure.reason(), "deleting: step " + failure.step()
                                + " failed: " + failure.message(), now))), false);
    }

    /** A condition's time is when its status last changed, not when it was last computed. */
    static List<Condition> keepTransitionTimes(List<Condition> previous, List<Condition> current) {
        return current.stream().map(c -> previous.stream()
                .filter(p -> p.type().equals(c.type()) && p.status().equals(c.status()))
                .findFirst()
                .map(p -> new Condition(c.type(), c.status(), c.reason(), c.message(), p.lastTransitionTime()))
                .orElse(c)).toList();
    }

    private static BrokerStatus brokerStatus(BrokerInstance broker, BrokerHealth health) {
        String state = health != null && health.up() ? "UP"
                : broker.state() == BrokerInstance.State.PENDING ? "STARTING" : "DOWN";
        return new BrokerStatus(broker.nodeId(), broker.host(), broker.port(), broker.zone(), state,
                health == null ? 0 : health.partitions(), health == null ? 0.0 : health.bytesInPerSec(),
                health == null ? 0.0 : health.bytesOutPerSec());
    }

    private static String downReasons(List<BrokerStatus> brokers, Map<Integer, BrokerHealth> health) {
        String reasons = brokers.stream().filter(b -> !"UP".equals(b.state()))
                .map(b -> "broker " + b.nodeId() + ": " + (health.containsKey(b.nodeId())
                        ? health.get(b.nodeId()).reason() : b.state().toLowerCase()))
                .collect(Collectors.joining("; "));
        return reasons.isEmpty() ? "" : " (" + reasons + ")";
    }
}
