package dev.floe.agent.reconcile;

import dev.floe.agent.controlplane.ClusterStatus;
import dev.floe.agent.health.CatalogObservations;
import dev.floe.agent.health.ClusterHealthCheck;
import dev.floe.agent.provider.BrokerInstance;
import java.time.Clock;
import java.time.Duration;
import java.util.List;

/**
 * validateSpec → ensureCatalog → ensureBucket → ensureIam → ensureVolumes → ensureBrokers → [watchWalMoves] →
 * awaitReady → reportStatus.
 */
public final class ProvisionCluster extends ClusterReconciliation {

    private final List<Step> steps;
    private final ClusterHealthCheck health;

    public ProvisionCluster(ClusterLocks locks, ClusterRecords records, StatusSink sink, ClusterHealthCheck health,
            CatalogObservations catalog, Duration awaitReady, Clock clock) {
        this(locks, records, sink, health, catalog, awaitReady, clock, null);
    }

    /** With a {@link WalMoveWatcher}: the cluster's WAL volume moves and broker replacements run between passes. */
    public ProvisionCluster(ClusterLocks locks, ClusterRecords records, StatusSink sink, ClusterHealthCheck health,
            CatalogObservations catalog, Duration awaitReady, Clock clock, WalMoveWatcher watcher) {
        super(locks, records, sink, clock);
        this.health = health;
        EnsureBrokers brokers = new EnsureBrokers(catalog, new dev.floe.agent.failover.WalMoveRequests(), clock);
        this.steps = watcher == null
                ? List.of(new ValidateSpec(), new EnsureCatalog(), new EnsureBucket(), new EnsureIam(),
                        new EnsureVolumes(), brokers, new AwaitReady(health, awaitReady, clock))
                : List.of(new ValidateSpec(), new EnsureCatalog(), new EnsureBucket(), new EnsureIam(),
                        new EnsureVolumes(), brokers, new WatchWalMoves(watcher, brokers, this::reportNow),
                        new AwaitReady(health, awaitReady, clock, watcher::during));
    }

    /** The cluster's status as it is now, brokers described and checked afresh; see {@link StatusFollower}. */
    StatusProbe.Probe reportNow(ReconcileContext context, ClusterStatus last) {
        return reportOutsidePass(context, last, previous -> {
            int desired = context.plan.brokerCount();
            List<BrokerInstance> brokers = context.provider.instances().describe(context.clusterId()).stream()
                    .filter(b -> b.nodeId() <= desired).toList();
            return StatusCalculator.provisioned(context.cluster.generation(), brokers,
                    health.check(brokers, context.catalog), desired, null, previous, clock.instant());
        });
    }

    @Override
    protected List<Step> steps() {
        return steps;
    }

    @Override
    protected ClusterStatus status(ReconcileContext context, StepFailure failure, ClusterRecord previous) {
        int desired = context.plan == null ? 0 : context.plan.brokerCount();
        return StatusCalculator.provisioned(context.cluster.generation(), context.brokers, context.health, desired,
                failure, previous, clock.instant());
    }

    @Override
    protected ClusterRecord afterReport(ClusterRecord previous, ClusterStatus reported) {
        long completed = "RUNNING".equals(reported.phase())
                ? Math.max(previous.completedGeneration(), reported.observedGeneration())
                : previous.completedGeneration();
        return new ClusterRecord(previous.clusterId(), completed, reported.conditions());
    }
}
