package dev.floe.agent;

import dev.floe.agent.controlplane.ClusterStatus;
import dev.floe.agent.controlplane.ControlPlaneClient;
import dev.floe.agent.controlplane.StepEvent;
import dev.floe.agent.reconcile.StatusSink;

/** Reconciliation reports straight to the control plane; failures propagate so the pass knows. */
final class ControlPlaneStatusSink implements StatusSink {

    private final ControlPlaneClient client;

    ControlPlaneStatusSink(ControlPlaneClient client) {
        this.client = client;
    }

    @Override
    public void report(String clusterId, ClusterStatus status) {
        client.reportStatus(clusterId, status);
    }

    @Override
    public void event(String operationId, StepEvent event) {
        client.stepEvent(operationId, event);
    }
}
