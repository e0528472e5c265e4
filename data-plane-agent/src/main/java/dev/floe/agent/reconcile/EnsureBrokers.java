package dev.floe.agent.reconcile;

import dev.floe.agent.failover.DeadBrokers;
import dev.floe.agent.failover.RelaunchPolicy;
import dev.floe.agent.failover.WalMoveRequests;
import dev.floe.agent.health.CatalogObservations;
import dev.floe.agent.provider.BrokerInstance;
import dev.floe.agent.provider.BrokerLaunch;
import dev.floe.agent.provider.BrokerSpec;
import dev.floe.agent.provider.Volume;
import dev.floe.agent.provider.WalVolumes;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Brokers that run are adopted, brokers that died are replaced, missing ones launched, surplus ones (scale-in)
 * stopped newest first (a graceful stop drains them) and their volumes removed once the catalog says their WAL is
 * in the bucket. A broker the catalog fenced on a machine that still runs counts as dead ({@link DeadBrokers}).
 */
final class EnsureBrokers implements Step {

    /** How long a dead broker waits for a failover that does not start before it is restarted on its own WAL. */
    static final Duration FAILOVER_PATIENCE = Duration.ofSeconds(30);

    private final CatalogObservations catalog;
    private final WalMoveRequests moves;
    private final Clock clock;
    /** When this agent first saw each broker dead (cluster/node), for {@link RelaunchPolicy}. */
    private final Map<String, Instant> deadSince = new ConcurrentHashMap<>();

    EnsureBrokers(CatalogObservations catalog) {
        this(catalog, new WalMoveRequests(), Clock.systemUTC());
    }

    EnsureBrokers(CatalogObservations catalog, WalMoveRequests moves, Clock clock) {
        this.catalog = catalog;
        this.moves = moves;
        this.clock = clock;
    }

    @Override
    public String name() {
        return "ensureBrokers";
    }

    /**
     * Whether a broker of the plan is dead ({@link DeadBrokers}), so the failover watcher knows to run this step. Asks
     * the catalog only when every instance looks alive to the provider.
     */
    boolean anyDead(ReconcileContext context) {
        List<BrokerInstance> planned = context.provider.instances().describe(context.clusterId()).stream()
                .filter(i -> i.nodeId() <= context.plan.brokerCount()).toList();
        if (planned.stream().anyMatch(i -> i.state() == BrokerInstance.State.STOPPED)) {
            return true;
        }
        if (planned.stream().noneMatch(i -> i.launchId() != null)) {
            return false;
        }
        Map<Integer, String> retired = retiredLaunches(context);
        return planned.stream().anyMatch(i -> DeadBrokers.asSeen(i, retired).state() == BrokerInstance.State.STOPPED);
    }

    @Override
    public String apply(ReconcileContext context) {
        WalVolumes volumes = context.provider.volumes();
        Map<Integer, String> retired = retiredLaunches(context);
        Map<Integer, BrokerInstance> running = context.provider.instances().describe(context.clusterId()).stream()
                .map(i -> DeadBrokers.asSeen(i, retired))
                .collect(Collectors.toMap(BrokerInstance::nodeId, Function.identity(), (a, b) -> a));
        int launched = 0;
        int adopted = 0;
        List<BrokerInstance> brokers = new ArrayList<>();
        List<Integer> waiting = new ArrayList<>();
        FailoverView failover = null;
        for (BrokerSpec spec : context.plan.brokers()) {
            BrokerInstance instance = running.get(spec.nodeId());
            String key = context.clusterId() + "/" + spec.nodeId();
            if (instance != null && instance.state() == BrokerInstance.State.STOPPED) {
                Instant since = deadSince.computeIfAbsent(key, k -> clock.instant());
                failover = failover != null ? failover : failoverView(context);
                if (!failover.mayRelaunch(spec.nodeId(), Duration.between(since, clock.instant()))) {
                    waiting.add(spec.nodeId());
                    continue;
                }
                context.provider.instances().terminate(instance);
                instance = null;
            }
            deadSince.remove(key);
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
                + (kept.isEmpty() ? "" : "; WAL volumes of brokers " + kept + " kept: their WAL is not in the bucket yet")
                + (waiting.isEmpty() ? "" : "; brokers " + waiting + " wait for their WAL to be recovered (failover)");
    }

    /** What the catalog says about failovers, read once per pass and only when a broker is dead. */
    private record FailoverView(Set<Integer> inFlight, Map<Integer, Boolean> walClean, Map<Integer, Boolean> leases) {
        boolean mayRelaunch(int nodeId, Duration deadFor) {
            boolean othersLive = leases != null && leases.entrySet().stream()
                    .anyMatch(e -> e.getKey() != nodeId && Boolean.TRUE.equals(e.getValue()));
            return RelaunchPolicy.mayRelaunch(inFlight == null ? null : inFlight.contains(nodeId),
                    walClean == null ? null : walClean.get(nodeId), othersLive, deadFor, FAILOVER_PATIENCE);
        }
    }

    private Map<Integer, String> retiredLaunches(ReconcileContext context) {
        if (context.catalog == null || context.catalog.jdbcUrl() == null) {
            return Map.of();
        }
        return catalog.retiredLaunches(context.catalog).orElse(Map.of());
    }

    private FailoverView failoverView(ReconcileContext context) {
        if (context.catalog == null || context.catalog.jdbcUrl() == null) {
            return new FailoverView(Set.of(), null, null);
        }
        return new FailoverView(moves.inFlight(context.catalog).orElse(null),
                catalog.walClean(context.catalog).orElse(null), catalog.leases(context.catalog).orElse(null));
    }
}
