package dev.floe.agent.failover;

import dev.floe.agent.provider.BrokerInstances;
import dev.floe.agent.provider.CatalogConnection;
import dev.floe.agent.provider.ExitedLaunch;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Fences a broker in the catalog as soon as the provider has seen its process exit, instead of waiting seconds for
 * its lease to lapse (docs/failover.md). Each exited launch is fenced once: a launch whose fence succeeded or found
 * nothing to fence is settled and not tried again; one the catalog could not answer for is tried next round.
 */
public class ExitedBrokerFencer {

    private static final Logger log = LoggerFactory.getLogger(ExitedBrokerFencer.class);

    private final LaunchFences fences;
    private final Clock clock;
    /** Settled launch ids per cluster; pruned to what the provider still reports, so it stays small. */
    private final Map<String, Set<String>> settled = new ConcurrentHashMap<>();
    /** When the provider was last asked about each cluster, to keep to its {@link BrokerInstances#exitedLookInterval}. */
    private final Map<String, Instant> lastLook = new ConcurrentHashMap<>();

    public ExitedBrokerFencer(LaunchFences fences) {
        this(fences, Clock.systemUTC());
    }

    public ExitedBrokerFencer(LaunchFences fences, Clock clock) {
        this.fences = fences;
        this.clock = clock;
    }

    /** Pure: the exited launches still to fence. */
    static List<ExitedLaunch> due(List<ExitedLaunch> exited, Set<String> settled) {
        return exited.stream().filter(e -> !settled.contains(e.launchId())).toList();
    }

    /** One look at the cluster's brokers, unless the provider's look interval has not passed; the number fenced. */
    public int fenceExited(String clusterId, BrokerInstances instances, CatalogConnection catalog) {
        Instant now = clock.instant();
        Instant last = lastLook.get(clusterId);
        if (last != null && now.isBefore(last.plus(instances.exitedLookInterval()))) {
            return 0;
        }
        lastLook.put(clusterId, now);
        List<ExitedLaunch> exited = instances.exited(clusterId);
        Set<String> done = settled.computeIfAbsent(clusterId, k -> ConcurrentHashMap.newKeySet());
        done.retainAll(exited.stream().map(ExitedLaunch::launchId).collect(Collectors.toSet()));
        int fenced = 0;
        for (ExitedLaunch launch : due(exited, done)) {
            try {
                LaunchFences.Outcome outcome = fences.fence(catalog, launch.nodeId(), launch.launchId());
                done.add(launch.launchId());
                if (outcome == LaunchFences.Outcome.FENCED) {
                    fenced++;
                    log.warn("cluster {}: node {} fenced at once: its process (launch {}) exited: {}", clusterId,
                            launch.nodeId(), launch.launchId(), launch.evidence());
                } else if (outcome == LaunchFences.Outcome.UNSUPPORTED) {
                    log.info("cluster {}: node {} exited, but its catalog has no launch ids yet: it is fenced when its "
                            + "lease lapses", clusterId, launch.nodeId());
                }
            } catch (SQLException e) {
                log.debug("cluster {}: cannot fence node {} yet: {}", clusterId, launch.nodeId(), e.getMessage());
            }
        }
        return fenced;
    }

    public void forget(String clusterId) {
        settled.remove(clusterId);
        lastLook.remove(clusterId);
    }
}
