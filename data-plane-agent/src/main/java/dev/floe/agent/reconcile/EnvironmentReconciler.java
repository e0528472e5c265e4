package dev.floe.agent.reconcile;

import dev.floe.agent.controlplane.ClusterStatus;
import dev.floe.agent.controlplane.DesiredCluster;
import dev.floe.agent.controlplane.DesiredState;
import dev.floe.agent.controlplane.PendingStep;
import dev.floe.agent.controlplane.StepEvent;
import dev.floe.agent.provider.Provider;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** One pass over a whole desired state: each cluster provisioned or torn down, one after the other. */
public final class EnvironmentReconciler {

    private static final Logger log = LoggerFactory.getLogger(EnvironmentReconciler.class);

    private final Provider provider;
    private final ProvisionCluster provision;
    private final TeardownCluster teardown;
    private final StatusSink sink;
    private final Clock clock;
    private final Set<String> refusedSteps = ConcurrentHashMap.newKeySet();

    public EnvironmentReconciler(Provider provider, ProvisionCluster provision, TeardownCluster teardown,
            StatusSink sink, Clock clock) {
        this.provider = provider;
        this.provision = provision;
        this.teardown = teardown;
        this.sink = sink;
        this.clock = clock;
    }

    public Map<String, ClusterStatus> reconcile(DesiredState desired) {
        Map<String, ClusterStatus> statuses = new LinkedHashMap<>();
        for (DesiredCluster cluster : desired.clusters()) {
            ReconcileContext context = new ReconcileContext(desired.environment(), cluster, provider);
            try {
                statuses.put(cluster.id(), cluster.deleting() ? teardown.reconcile(context)
                        : provision.reconcile(context));
            } catch (RuntimeException e) {
                // One cluster's trouble must not stop the others.
                log.error("cluster {} could not be reconciled", cluster.id(), e);
            }
        }
        refuseImperativeSteps(desired.pendingSteps());
        return statuses;
    }

    /**
     * Imperative steps (failover and the like) belong to later versions of the agent. Saying so at once fails the
     * operation with a reason a person can read, instead of leaving it waiting on the agent until it times out.
     */
    private void refuseImperativeSteps(List<PendingStep> steps) {
        for (PendingStep step : steps) {
            if (step.operationId() == null || !refusedSteps.add(step.operationId() + "/" + step.step())) {
                continue;
            }
            try {
                sink.event(step.operationId(), new StepEvent(step.step(), "FAILED", "this agent (provider "
                        + provider.name() + ") cannot perform " + step.operationType() + " step '" + step.step()
                        + "' yet", clock.instant()));
            } catch (RuntimeException e) {
                refusedSteps.remove(step.operationId() + "/" + step.step()); // say it again next pass
                log.debug("could not report step {} as unsupported: {}", step.step(), e.getMessage());
            }
        }
    }
}
