package dev.floe.agent.rebalance;

import dev.floe.agent.controlplane.ControlPlaneClient;
import dev.floe.agent.controlplane.OperationReport;
import dev.floe.agent.controlplane.ReportedOperation;
import dev.floe.agent.controlplane.StepEvent;
import dev.floe.agent.provider.CatalogConnection;
import dev.floe.agent.rebalance.RebalanceProgress.Move;
import dev.floe.agent.rebalance.RebalanceProgress.Rebalance;
import dev.floe.agent.report.ClusterReporter;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Shows each balancing decision of the brokers' controller on the control plane as a REBALANCE operation
 * (docs/agent-channel.md) under the key {@code <cluster>/rebalance/<rebalance id>}. It reports only rebalances it has
 * not finished reporting, at most {@code perRound} of them per round, so a burst of rebalances (or an agent restart
 * that meets an hour of them) reaches the control plane as a trickle. After a restart the key finds each operation
 * again, and one the control plane has already seen finish gets no further events.
 */
public final class RebalanceReporter implements ClusterReporter {

    private static final Logger log = LoggerFactory.getLogger(RebalanceReporter.class);
    static final String TYPE = "REBALANCE";
    /** How many rebalances one round reads from the catalog at most. */
    private static final int SCAN = 200;

    private final RebalanceProgress progress;
    private final int perRound;
    private final Map<String, Tracked> rebalances = new ConcurrentHashMap<>();
    /** Per cluster, the highest rebalance id up to which everything is reported to the end: rounds start after it. */
    private final Map<String, Long> doneThrough = new ConcurrentHashMap<>();

    /** What has been reported of one rebalance. */
    private static final class Tracked {
        String operationId;
        final Set<String> sent = new HashSet<>();
        boolean finished;
    }

    public RebalanceReporter(RebalanceProgress progress, int perRound) {
        this.progress = progress;
        this.perRound = perRound;
    }

    @Override
    public void forget(String clusterId) {
        rebalances.keySet().removeIf(key -> key.startsWith(clusterId + "/"));
        doneThrough.remove(clusterId);
    }

    @Override
    public void report(ControlPlaneClient cp, String clusterId, CatalogConnection catalog) throws Exception {
        List<Rebalance> recent = progress.after(catalog, doneThrough.getOrDefault(clusterId, 0L), SCAN);
        List<Rebalance> open = recent.stream().filter(r -> !finished(key(clusterId, r))).limit(perRound).toList();
        Map<Long, List<Move>> moves = progress.moves(catalog, open.stream().map(Rebalance::rebalanceId).toList());
        for (Rebalance r : open) {
            reportOne(cp, clusterId, r, moves.getOrDefault(r.rebalanceId(), List.of()));
        }
        advance(clusterId, recent);
    }

    private void reportOne(ControlPlaneClient cp, String clusterId, Rebalance r, List<Move> moves) {
        String key = key(clusterId, r);
        Tracked tracked = rebalances.computeIfAbsent(key, k -> new Tracked());
        if (tracked.operationId == null) {
            ReportedOperation reported = cp.reportOperation(clusterId, new OperationReport(TYPE, key,
                    RebalanceSteps.summary(r, moves), r.plannedAt()));
            tracked.operationId = reported.id();
            if (reported.finished()) {
                tracked.finished = true; // an earlier run of the agent reported it to the end
                return;
            }
            log.info("cluster {}: reporting rebalance {} as operation {}", clusterId, r.rebalanceId(),
                    tracked.operationId);
        }
        List<StepEvent> due = RebalanceSteps.due(r, moves);
        for (StepEvent event : due) {
            if (isProgressOfAFinishedStep(event, due, tracked)) {
                continue; // the step's end follows in this very round; its last progress would say nothing new
            }
            // the message is part of the identity: "2 of 4 moved" after "1 of 4 moved" is progress worth sending
            String id = event.step() + ":" + event.state() + ":" + event.message();
            if (tracked.sent.add(id)) {
                cp.stepEvent(tracked.operationId, event);
            }
            if (RebalanceSteps.MOVE_PARTITIONS.equals(event.step()) && "SUCCEEDED".equals(event.state())) {
                tracked.finished = true;
            }
        }
    }

    private static boolean isProgressOfAFinishedStep(StepEvent event, List<StepEvent> due, Tracked tracked) {
        return "RUNNING".equals(event.state())
                && tracked.sent.stream().anyMatch(id -> id.startsWith(event.step() + ":RUNNING:"))
                && due.stream().anyMatch(e -> e.step().equals(event.step()) && !"RUNNING".equals(e.state()));
    }

    /** Moves the cluster's start point past the settled rebalances reported to the end, and forgets those. */
    private void advance(String clusterId, List<Rebalance> recent) {
        long through = doneThrough.getOrDefault(clusterId, 0L);
        for (Rebalance r : recent) {
            if (!r.settled() || !finished(key(clusterId, r))) {
                break;
            }
            through = r.rebalanceId();
            rebalances.remove(key(clusterId, r));
        }
        doneThrough.put(clusterId, through);
    }

    private boolean finished(String key) {
        Tracked tracked = rebalances.get(key);
        return tracked != null && tracked.finished;
    }

    private static String key(String clusterId, Rebalance r) {
        return clusterId + "/rebalance/" + r.rebalanceId();
    }
}
