package dev.floe.agent.failover;

import dev.floe.agent.controlplane.ControlPlaneClient;
import dev.floe.agent.controlplane.OperationReport;
import dev.floe.agent.controlplane.ReportedOperation;
import dev.floe.agent.controlplane.StepEvent;
import dev.floe.agent.provider.CatalogConnection;
import dev.floe.agent.report.ClusterReporter;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Shows each crash failover on the control plane as a REPLACE_BROKER operation (docs/agent-channel.md): it reads the
 * progress of every recent WAL move from the catalog and reports the steps it has not reported yet. The operation's
 * key is {@code <cluster>/<failed node>/<failed incarnation>}, so an agent that restarts finds the same operation
 * again, and sends nothing more for one the control plane has already seen finish.
 */
public final class ReplacementReporter implements ClusterReporter {

    private static final Logger log = LoggerFactory.getLogger(ReplacementReporter.class);
    static final String TYPE = "REPLACE_BROKER";

    private final ReplacementProgress progress;
    private final Duration replacementTimeout;
    private final Map<String, Tracked> moves = new ConcurrentHashMap<>();

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

    /** @param replacementTimeout how long a recovered node may take to come UP before the operation fails */
    public ReplacementReporter(ReplacementProgress progress, Duration replacementTimeout) {
        this.progress = progress;
        this.replacementTimeout = replacementTimeout;
    }

    @Override
    public void forget(String clusterId) {
        moves.keySet().removeIf(key -> key.startsWith(clusterId + "/"));
    }

    @Override
    public void report(ControlPlaneClient cp, String clusterId, CatalogConnection catalog) throws Exception {
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
                ReportedOperation reported = cp.reportOperation(clusterId, new OperationReport(TYPE, key,
                        "node " + move.failedNode() + " (incarnation " + move.failedIncarnation() + ") "
                                + tracked.detection.summary() + "; its WAL volume " + move.volumeId()
                                + " goes to node " + move.targetNode() + " and the node is started again",
                        tracked.detection.startedAt()));
                tracked.operationId = reported.id();
                if (reported.finished()) {
                    tracked.finished = true; // an earlier run of the agent reported it to the end
                    continue;
                }
                log.warn("cluster {}: reporting broker replacement {} as operation {}", clusterId, key,
                        tracked.operationId);
            }
            List<StepEvent> due = ReplacementSteps.due(move, tracked.detection, node, replacementTimeout);
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
                    break;
                }
            }
        }
    }
}
