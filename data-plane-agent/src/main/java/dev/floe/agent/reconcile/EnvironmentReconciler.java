package dev.floe.agent.reconcile;

import dev.floe.agent.controlplane.ClusterStatus;
import dev.floe.agent.controlplane.DesiredCluster;
import dev.floe.agent.controlplane.DesiredState;
import dev.floe.agent.provider.Provider;
import java.util.LinkedHashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** One pass over a whole desired state: each cluster provisioned or torn down, one after the other. */
public final class EnvironmentReconciler {

    private static final Logger log = LoggerFactory.getLogger(EnvironmentReconciler.class);

    private final Provider provider;
    private final ProvisionCluster provision;
    private final TeardownCluster teardown;

    public EnvironmentReconciler(Provider provider, ProvisionCluster provision, TeardownCluster teardown) {
        this.provider = provider;
        this.provision = provision;
        this.teardown = teardown;
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
        return statuses;
    }
}
