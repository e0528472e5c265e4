package dev.floe.agent.reconcile;

import dev.floe.agent.controlplane.ClusterStatus;
import dev.floe.agent.controlplane.StepEvent;

/** Where reconciliation reports to (the control plane, in production). Both calls may throw when it is away. */
public interface StatusSink {

    void report(String clusterId, ClusterStatus status);

    void event(String operationId, StepEvent event);
}
