package dev.floe.agent.report;

import dev.floe.agent.controlplane.ControlPlaneClient;
import dev.floe.agent.provider.CatalogConnection;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs one {@link ClusterReporter} for every watched cluster, every period, on a thread of its own: a slow or absent
 * control plane never delays the data plane's own work (failover, balancing), and one kind of report never waits for
 * another.
 */
public final class ReportingLoop implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(ReportingLoop.class);

    private final String name;
    private final ClusterReporter reporter;
    private final long periodMs;
    private final Map<String, CatalogConnection> clusters = new ConcurrentHashMap<>();
    private volatile ControlPlaneClient client;
    private ScheduledExecutorService executor;

    public ReportingLoop(String name, ClusterReporter reporter, long periodMs) {
        this.name = name;
        this.reporter = reporter;
        this.periodMs = periodMs;
    }

    /** Reports go nowhere until the agent has its control-plane client (after registration). */
    public void connect(ControlPlaneClient client) {
        this.client = client;
    }

    public void watch(String clusterId, CatalogConnection catalog) {
        clusters.put(clusterId, catalog);
    }

    public void forget(String clusterId) {
        clusters.remove(clusterId);
        reporter.forget(clusterId);
    }

    public synchronized void start() {
        if (executor == null) {
            executor = Executors.newSingleThreadScheduledExecutor(r -> {
                Thread t = new Thread(r, name);
                t.setDaemon(true);
                return t;
            });
            executor.scheduleWithFixedDelay(this::round, periodMs, periodMs, TimeUnit.MILLISECONDS);
        }
    }

    /** One pass over every watched cluster. */
    void round() {
        ControlPlaneClient cp = client;
        if (cp == null) {
            return;
        }
        for (Map.Entry<String, CatalogConnection> cluster : clusters.entrySet()) {
            try {
                reporter.report(cp, cluster.getKey(), cluster.getValue());
            } catch (Exception e) {
                // the next round tries again from what was sent; every report is idempotent on the control plane
                log.debug("{}: cluster {}: cannot report yet: {}", name, cluster.getKey(), e.toString());
            }
        }
    }

    @Override
    public synchronized void close() {
        if (executor != null) {
            executor.shutdownNow();
            executor = null;
        }
    }
}
