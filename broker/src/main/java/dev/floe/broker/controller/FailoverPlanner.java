package dev.floe.broker.controller;

import dev.floe.broker.catalog.BrokerInfo;
import dev.floe.broker.catalog.WalMove;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Pure failover policy (docs/failover.md): fence brokers whose lease lapsed, ask for the WAL volume of
 * a fenced broker whose WAL is not clean to be moved to a serving broker, and move a request on when
 * its target stops serving. The target is the least busy serving broker of the failed broker's zone when there is one
 * (a cloud volume attaches only within its zone), else of any zone. Partition reassignment is not decided here: it
 * follows from the WAL becoming clean ({@link PartitionAssigner#reassignable}).
 */
public final class FailoverPlanner {
    private static final Set<String> FENCEABLE = Set.of("UP", "RECOVERING", "DRAINING");

    private FailoverPlanner() {
    }

    public sealed interface Action permits Fence, RequestMove, Retarget {
    }

    public record Fence(int nodeId, long incarnation) implements Action {
    }

    public record RequestMove(int failedNode, long incarnation, String volumeId, int target) implements Action {
    }

    public record Retarget(long moveId, int target) implements Action {
    }

    public static List<Action> plan(List<BrokerInfo> brokers, List<WalMove> openMoves) {
        return plan(brokers, openMoves, Set.of());
    }

    /**
     * @param givenUp incarnations whose WAL move the agent marked FAILED (the volume cannot reach any serving broker,
     *                e.g. no broker in its zone): no new move is requested for them, so the agent restarts the node on
     *                its own volume instead
     */
    public static List<Action> plan(List<BrokerInfo> brokers, List<WalMove> openMoves, Set<Long> givenUp) {
        List<Action> out = new ArrayList<>();
        Map<Integer, Integer> movesPerTarget = new HashMap<>();
        for (BrokerInfo b : brokers) {
            if (b.serving()) {
                movesPerTarget.put(b.nodeId(), 0);
            }
        }
        Map<Integer, String> zones = new HashMap<>();
        for (BrokerInfo b : brokers) {
            zones.put(b.nodeId(), b.zone());
        }
        Map<Integer, WalMove> openByNode = new HashMap<>();
        for (WalMove m : openMoves) {
            openByNode.put(m.failedNode(), m);
            movesPerTarget.computeIfPresent(m.targetNode(), (k, v) -> v + 1);
        }
        for (BrokerInfo b : brokers) {
            boolean lapsed = !b.live() && FENCEABLE.contains(b.state());
            if (lapsed) {
                out.add(new Fence(b.nodeId(), b.incarnation()));
            }
            boolean needsMove = (lapsed || b.fenced()) && !b.walClean() && b.walVolumeId() != null
                    && !openByNode.containsKey(b.nodeId()) && !givenUp.contains(b.incarnation());
            if (needsMove) {
                leastBusy(movesPerTarget, zones, b.zone()).ifPresent(t -> {
                    movesPerTarget.merge(t, 1, Integer::sum);
                    out.add(new RequestMove(b.nodeId(), b.incarnation(), b.walVolumeId(), t));
                });
            }
        }
        for (WalMove m : openMoves) {
            if (!movesPerTarget.containsKey(m.targetNode())) {
                leastBusy(movesPerTarget, zones, zones.get(m.failedNode())).ifPresent(t -> {
                    movesPerTarget.merge(t, 1, Integer::sum);
                    out.add(new Retarget(m.moveId(), t));
                });
            }
        }
        return out;
    }

    private static Optional<Integer> leastBusy(Map<Integer, Integer> movesPerTarget, Map<Integer, String> zones, String zone) {
        return movesPerTarget.entrySet().stream()
                .min(Comparator.<Map.Entry<Integer, Integer>>comparingInt(e -> Objects.equals(zones.get(e.getKey()), zone) ? 0 : 1)
                        .thenComparingInt(Map.Entry::getValue).thenComparing(Map.Entry::getKey))
                .map(Map.Entry::getKey);
    }
}
