package dev.floe.agent.reconcile;

import dev.floe.agent.provider.BrokerSpec;
import dev.floe.agent.provider.Volume;

/** One WAL volume per broker, found by name before anything is created. */
final class EnsureVolumes implements Step {

    @Override
    public String name() {
        return "ensureVolumes";
    }

    @Override
    public String apply(ReconcileContext context) {
        context.volumes.clear();
        for (Volume volume : context.provider.volumes().list(context.clusterId())) {
            context.volumes.merge(volume.nodeId(), volume, (a, b) -> a);
        }
        int created = 0;
        for (BrokerSpec broker : context.plan.brokers()) {
            if (!context.volumes.containsKey(broker.nodeId())) {
                context.volumes.put(broker.nodeId(), context.provider.volumes().create(broker.volume()));
                created++;
            }
        }
        return context.plan.brokerCount() + " WAL volumes (" + created + " created)";
    }
}
