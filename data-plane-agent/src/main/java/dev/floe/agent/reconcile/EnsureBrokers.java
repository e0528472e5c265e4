package dev.floe.agent.reconcile;

import dev.floe.agent.health.CatalogObservations;
import dev.floe.agent.provider.BrokerInstance;
import dev.floe.agent.provider.BrokerLaunch;
import dev.floe.agent.provider.BrokerSpec;
import dev.floe.agent.provider.Volume;
import dev.floe.agent.provider.WalVolumes;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Brokers that run are adopted, brokers that died are replaced, missing ones launched, surplus ones (scale-in)
 * stopped newest first (a graceful stop drains them) and their volumes removed once the catalog says their WAL is
 * in the bucket.
 */
final class EnsureBrokers implements Step {

    private final CatalogObservations catalog;

    EnsureBrokers(CatalogObservations catalog) {
        this.catalog = catalog;
    }

    @Override
    public String name() {
        return "ensureBrokers";
    }

    @Override
    public String apply(ReconcileContext context) {
        WalVolumes volumes = context.provider.volumes();
        Map<Integer, BrokerInstance> running = context.provider.instances().describe(context.clusterId()).stream()
                .collect(Collectors.toMap(BrokerInstance::nodeId, Function.identity(), (a, b) -> a));
        int launched = 0;
        int adopted = 0;
        List<BrokerInstance> brokers = new ArrayList<>();
        for (BrokerSpec spec : context.plan.brokers()) {
            BrokerInstance instance = running.get(spec.nodeId());
            if (instance != null && instance.state() == BrokerInstance.State.STOPPED) {
                context.provider.instances().terminate(instance);
                instance = null;
            }
            Volume volume = context.volumes.get(spec.nodeId());
            if (instance == null) {
                if (volume.attachedTo() != null) {
                    volume = volumes.detach(volume, true);
                }
                instance = context.provider.instances().launch(new BrokerLaunch(spec, volume, context.bucket,
                        context.catalog, context.identity));
                launched++;
            } else {
                adopted++;
            }
            if (!instance.instanceId().equals(volume.attachedTo())) {
                // A crash between launch and attach leaves a broker without its volume: finish the job.
                if (volume.attachedTo() != null) {
                    volume = volumes.detach(volume, true);
                }
                volume = volumes.attach(volume, instance);
            }
            context.volumes.put(spec.nodeId(), volume);
            brokers.add(instance);
        }
        int removed = 0;
        List<BrokerInstance> surplus = running.values().stream()
                .filter(b -> b.nodeId() > context.plan.brokerCount())
                .sorted(Comparator.comparingInt(BrokerInstance::nodeId).reversed()).toList();
        for (BrokerInstance extra : surplus) {
            context.provider.instances().terminate(extra);
            removed++;
        }
        List<Integer> kept = new ArrayList<>();
        List<Volume> surplusVolumes = volumes.list(context.clusterId()).stream()
                .filter(v -> v.nodeId() > context.plan.brokerCount()).toList();
        if (!surplusVolumes.isEmpty()) {
            // Unacknowledged-data safety: a WAL the catalog does not call clean may hold acknowledged records that
            // are not in the bucket yet (a broker that died instead of draining). Keep it for recovery.
            Map<Integer, Boolean> clean = catalog.walClean(context.catalog).orElse(Map.of());
            for (Volume volume : surplusVolumes) {
                if (clean.getOrDefault(volume.nodeId(), true)) {
                    volumes.delete(volume.attachedTo() == null ? volume : volumes.detach(volume, true));
                } else {
                    if (volume.attachedTo() != null) {
                        volumes.detach(volume, true);
                    }
                    kept.add(volume.nodeId());
                }
            }
        }
        context.brokers = List.copyOf(brokers);
        return brokers.size() + " brokers: " + launched + " launched, " + adopted + " adopted, " + removed + " removed"
                + (kept.isEmpty() ? "" : "; WAL volumes of brokers " + kept + " kept: their WAL is not in the bucket yet");
    }
}
