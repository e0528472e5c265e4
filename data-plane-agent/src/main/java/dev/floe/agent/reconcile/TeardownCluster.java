package dev.floe.agent.reconcile;

import dev.floe.agent.controlplane.ClusterStatus;
import dev.floe.agent.provider.BrokerInstance;
import dev.floe.agent.provider.Volume;
import java.time.Clock;
import java.util.Comparator;
import java.util.List;

/** The provisioning chain in reverse: brokers, volumes, IAM, bucket, catalog; then reports {@code deleted: true}. */
public final class TeardownCluster extends ClusterReconciliation {

    private final List<Step> steps = List.of(
            step("stopBrokers", c -> {
                List<BrokerInstance> brokers = c.provider.instances().describe(c.clusterId()).stream()
                        .sorted(Comparator.comparingInt(BrokerInstance::nodeId).reversed()).toList();
                brokers.forEach(c.provider.instances()::terminate);
                return brokers.size() + " brokers stopped";
            }),
            step("deleteVolumes", c -> {
                List<Volume> volumes = c.provider.volumes().list(c.clusterId());
                for (Volume v : volumes) {
                    c.provider.volumes().delete(v.attachedTo() == null ? v : c.provider.volumes().detach(v, true));
                }
                return volumes.size() + " WAL volumes deleted";
            }),
            step("deleteIam", c -> {
                c.provider.identities().delete(c.plan.identity());
                return "broker identity " + c.plan.identity().roleName() + " deleted";
            }),
            step("deleteBucket", c -> {
                c.provider.buckets().delete(c.plan.bucket());
                return "bucket " + c.plan.bucket().name() + " deleted";
            }),
            step("deleteCatalog", c -> {
                c.provider.catalogs().delete(c.plan.catalog());
                return "catalog database " + c.plan.catalog().database() + " dropped";
            }));

    public TeardownCluster(ClusterLocks locks, ClusterRecords records, StatusSink sink, Clock clock) {
        super(locks, records, sink, clock);
    }

    @Override
    protected List<Step> steps() {
        return steps;
    }

    @Override
    protected ClusterStatus status(ReconcileContext context, StepFailure failure, ClusterRecord previous) {
        return StatusCalculator.tornDown(context.cluster.generation(), failure, previous, clock.instant());
    }

    @Override
    protected ClusterRecord afterReport(ClusterRecord previous, ClusterStatus reported) {
        // Once the control plane knows the cluster is gone, there is nothing left to remember.
        return reported.deleted() ? null : new ClusterRecord(previous.clusterId(), previous.completedGeneration(),
                reported.conditions());
    }

    private static Step step(String name, java.util.function.Function<ReconcileContext, String> body) {
        return new Step() {
            @Override
            public String name() {
                return name;
            }

            @Override
            public String apply(ReconcileContext context) {
                if (context.plan == null) {
                    context.plan = ClusterPlanner.teardownPlan(context.environment, context.cluster);
                }
                return body.apply(context);
            }
        };
    }
}
