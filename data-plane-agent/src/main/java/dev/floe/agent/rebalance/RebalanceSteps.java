package dev.floe.agent.rebalance;

import dev.floe.agent.controlplane.StepEvent;
import dev.floe.agent.rebalance.RebalanceProgress.Move;
import dev.floe.agent.rebalance.RebalanceProgress.Rebalance;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The steps of a REBALANCE operation (docs/agent-channel.md) as far as the controller's balancing decision got, timed
 * from the catalog: {@code plan} (the decision) and {@code movePartitions} (RUNNING with "k of n moved" while moves
 * are under way, SUCCEEDED with every move listed once the rebalance is done). Pure: the reporter sends whichever of
 * these it has not sent yet.
 */
public final class RebalanceSteps {

    public static final String PLAN = "plan";
    public static final String MOVE_PARTITIONS = "movePartitions";
    /** Step messages are at most 4000 characters on the control plane; long move lists are cut well before. */
    static final int MAX_LIST_CHARS = 1500;
    static final int MAX_SUMMARY_CHARS = 1000;

    private RebalanceSteps() {
    }

    /** The operation's summary: why the controller moved partitions, in its words. */
    public static String summary(Rebalance r, List<Move> moves) {
        String why = r.summary().length() > MAX_SUMMARY_CHARS
                ? r.summary().substring(0, MAX_SUMMARY_CHARS) + "…" : r.summary();
        return r.trigger() + " rebalance planned by node " + r.plannedBy() + ": " + why + " (" + count(moves.size())
                + ")";
    }

    public static List<StepEvent> due(Rebalance r, List<Move> moves) {
        List<StepEvent> out = new ArrayList<>();
        out.add(new StepEvent(PLAN, "RUNNING", "node " + r.plannedBy() + " plans a " + r.trigger() + " rebalance",
                r.plannedAt()));
        out.add(new StepEvent(PLAN, "SUCCEEDED", r.trigger() + ": " + r.summary() + "; " + count(moves.size()),
                r.plannedAt()));
        List<Move> done = moves.stream().filter(m -> "DONE".equals(m.state())).toList();
        List<Move> cancelled = moves.stream().filter(m -> "CANCELLED".equals(m.state())).toList();
        out.add(new StepEvent(MOVE_PARTITIONS, "RUNNING", done.size() + " of " + moves.size() + " moved"
                + (cancelled.isEmpty() ? "" : ", " + cancelled.size() + " cancelled"), r.plannedAt()));
        if (r.succeeded()) {
            Instant end = r.completedAt() != null ? r.completedAt() : lastCompletion(moves, r.plannedAt());
            out.add(new StepEvent(MOVE_PARTITIONS, "SUCCEEDED", finished(moves, done, cancelled, r.plannedAt(), end),
                    end));
        }
        return out;
    }

    private static String finished(List<Move> all, List<Move> done, List<Move> cancelled, Instant from, Instant to) {
        if (all.isEmpty()) {
            return "no partition had to move";
        }
        StringBuilder out = new StringBuilder(done.size() + " of " + all.size() + " moved in " + ms(from, to) + " ms");
        if (!done.isEmpty()) {
            out.append(": ").append(list(done.stream().map(m -> name(m) + " (" + ms(m.requestedAt(),
                    m.completedAt()) + " ms)").toList()));
        }
        if (!cancelled.isEmpty()) {
            out.append("; ").append(cancelled.size()).append(" cancelled: ").append(list(cancelled.stream()
                    .map(m -> name(m) + " (" + (m.message() == null ? "no reason given" : m.message()) + ")")
                    .toList()));
        }
        return out.toString();
    }

    /** {@code orders-3 1→4}: the partition and where it went. */
    private static String name(Move m) {
        return m.topicName() + "-" + m.partition() + " " + m.fromNode() + "→" + m.toNode();
    }

    /** Comma-separated, cut at {@link #MAX_LIST_CHARS} with how many were left out. */
    private static String list(List<String> items) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < items.size(); i++) {
            String next = (i == 0 ? "" : ", ") + items.get(i);
            if (out.length() + next.length() > MAX_LIST_CHARS) {
                return out + " … and " + (items.size() - i) + " more";
            }
            out.append(next);
        }
        return out.toString();
    }

    private static Instant lastCompletion(List<Move> moves, Instant otherwise) {
        return moves.stream().map(Move::completedAt).filter(t -> t != null).max(Instant::compareTo).orElse(otherwise);
    }

    private static String count(int moves) {
        return moves == 1 ? "1 partition move" : moves + " partition moves";
    }

    private static long ms(Instant from, Instant to) {
        return from == null || to == null ? 0 : Math.max(0, Duration.between(from, to).toMillis());
    }
}
