package dev.floe.agent.failover;

import dev.floe.agent.controlplane.ControlPlaneClient;
import dev.floe.agent.controlplane.OperationReport;
import dev.floe.agent.controlplane.StepEvent;
import dev.floe.agent.provider.CatalogConnection;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Shows each crash failover on the control plane as a REPLACE_BROKER operation (docs/agent-channel.md): on its own
 * thread, so a slow or absent control plane never delays the failover itself, it reads the progress of every recent
 * WAL move from the catalog and reports the steps it has not reported yet. The operation's key is
 * {@code <cluster>/<failed node>/<failed incarnation>}, so an agent that restarts finds the same operation again.
 */
public final class ReplacementReporter implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(ReplacementReporter.class);
    static final String TYPE = "REPLACE_BROKER";

    private final ReplacementProgress progress;
    private final long periodMs;
    private final Map<String, CatalogConnection> clusters = new ConcurrentHashMap<>();
    private final Map<String, Tracked> moves = new ConcurrentHashMap<>();
    private volatile ControlPlaneClient client;
    private ScheduledExecutorService executor;

    /** What has been reported of one move. */
    private static final class Tracked {
        final ReplacementSteps.Detection detection;
        String operationId;
        final Set<String> sent = new HashSet<>();
        boolean finished;

        Tracked(ReplacementSteps.Detection detection) {
            this.detection = detection;
        }
    }

    public ReplacementReporter(ReplacementProgress progress, long periodMs) {
        this.progress = progress;
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
        moves.keySet().removeIf(key -> key.startsWith(clusterId + "/"));
    }

    public synchronized void start() {
        if (executor == null) {
            executor = Executors.newSingleThreadScheduledExecutor(r -> {
                Thread t = new Thread(r, "replacement-reporter");
                t.setDaemon(true);
                return t;
            });
            executor.scheduleWithFixedDelay(this::round, periodMs, periodMs, TimeUnit.MILLISECONDS);
        }
    }

    /** One pass over every watched cluster; public so tests can drive it without timing. */
    public void round() {
        ControlPlaneClient cp = client;
        if (cp == null) {
            return;
        }
        for (Map.Entry<String, CatalogConnection> cluster : clusters.entrySet()) {
            try {
                report(cp, cluster.getKey(), cluster.getValue());
            } catch (Exception e) {
                // the next round tries again from what was sent; every report is idempotent on the control plane
                log.debug("cluster {}: cannot report broker replacements yet: {}", cluster.getKey(), e.toString());
            }
        }
    }

    private void report(ControlPlaneClient cp, String clusterId, CatalogConnection catalog) throws Exception {
        for (ReplacementProgress.Move move : progress.recentMoves(catalog)) {
            String key = clusterId + "/" + move.failedNode() + "/" + move.failedIncarnation();
            Tracked tracked = moves.get(key);
            if (tracked != null && tracked.finished) {
                continue;
            }
            ReplacementProgress.Node node = progress.node(catalog, move.failedNode()).orElse(null);
            if (tracked == null) {
                tracked = new Tracked(ReplacementSteps.Detection.of(move, node));
                moves.put(key, tracked);
            }
            if (tracked.operationId == null) {
                tracked.operationId = cp.reportOperation(clusterId, new OperationReport(TYPE, key,
                        "node " + move.failedNode() + " (incarnation " + move.failedIncarnation() + ") lost its "
                                + "lease and was fenced; its WAL volume " + move.volumeId() + " goes to node "
                                + move.targetNode() + " and the node is started again",
                        tracked.detection.leaseLapsedAt()));
                log.warn("cluster {}: reporting broker replacement {} as operation {}", clusterId, key,
                        tracked.operationId);
            }
            List<StepEvent> due = ReplacementSteps.due(move, tracked.detection, node);
            for (StepEvent event : due) {
                String id = event.step() + ":" + event.state();
                if (tracked.sent.contains(id)) {
                    continue;
                }
                cp.stepEvent(tracked.operationId, event.time() == null
                        ? new StepEvent(event.step(), event.state(), event.message(), Instant.now()) : event);
                tracked.sent.add(id);
                if ("FAILED".equals(event.state())
                        || (ReplacementSteps.REPLACE_BROKER.equals(event.step()) && "SUCCEEDED".equals(event.state()))) {
                    tracked.finished = true;
                    log.warn("cluster {}: broker replacement {} {}: {}", clusterId, key, event.state(),
                            event.message());
                }
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
