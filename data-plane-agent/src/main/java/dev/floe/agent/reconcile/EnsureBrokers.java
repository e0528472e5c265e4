package dev.floe.agent.reconcile;

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
 * stopped newest first with their volumes removed.
 */
final class EnsureBrokers implements Step {

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
        for (Volume volume : volumes.list(context.clusterId())) {
            if (volume.nodeId() > context.plan.brokerCount()) {
                volumes.delete(volume.attachedTo() == null ? volume : volumes.detach(volume, true));
            }
        }
        context.brokers = List.copyOf(brokers);
        return brokers.size() + " brokers: " + launched + " launched, " + adopted + " adopted, " + removed + " removed";
    }
}
