package dev.floe.agent.failover;

import dev.floe.agent.controlplane.StepEvent;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The steps of a REPLACE_BROKER operation (docs/agent-channel.md) that a crash failover has reached, each a RUNNING
 * event at its start and a SUCCEEDED (or FAILED) event at its end, timed from the catalog. Pure: the reporter sends
 * whichever of these it has not sent yet.
 */
public final class ReplacementSteps {

    public static final String DETECT = "detect";
    public static final String ATTACH_VOLUME = "attachVolume";
    public static final String RECOVER_WAL = "recoverWal";
    public static final String REASSIGN_PARTITIONS = "reassignPartitions";
    public static final String REPLACE_BROKER = "replaceBroker";

    /**
     * How the failed incarnation was found dead, as first seen: {@code startedAt} is when its lease lapsed, or when it
     * was fenced if that came first (the agent saw its process exit); {@code cause} is the catalog's fence reason.
     * When the node's {@code brokers} row had already moved on to a new incarnation, the catalog no longer says: both
     * times are the move's request time and the cause is null.
     */
    public record Detection(Instant startedAt, Instant fencedAt, Instant leaseExpiresAt, String cause) {

        public static Detection of(ReplacementProgress.Move move, ReplacementProgress.Node node) {
            if (node == null || node.incarnation() != move.failedIncarnation() || node.fencedAt() == null
                    || node.leaseExpiresAt() == null) {
                return new Detection(move.requestedAt(), move.requestedAt(), null, null);
            }
            boolean beforeLease = node.fencedAt().isBefore(node.leaseExpiresAt());
            String cause = node.fenceReason() != null ? node.fenceReason()
                    : beforeLease ? "fenced before its lease lapsed" : "lease lapsed";
            return new Detection(beforeLease ? node.fencedAt() : node.leaseExpiresAt(), node.fencedAt(),
                    node.leaseExpiresAt(), cause);
        }

        /** One clause for the operation's summary. */
        public String summary() {
            return cause == null ? "was fenced" : "was fenced (" + cause + ")";
        }
    }

    private ReplacementSteps() {
    }

    /** Whether the node runs again: a newer incarnation, UP, holding a live lease. */
    public static boolean replaced(ReplacementProgress.Move move, ReplacementProgress.Node node) {
        return node != null && node.incarnation() > move.failedIncarnation() && "UP".equals(node.state())
                && node.leaseLive();
    }

    /**
     * @param replacementTimeout how long after the WAL was recovered the node may take to come UP again before the
     *                           replacement is reported FAILED
     */
    public static List<StepEvent> due(ReplacementProgress.Move m, Detection d, ReplacementProgress.Node node,
            Duration replacementTimeout) {
        List<StepEvent> out = progress(m, d, node);
        StepEvent last = out.get(out.size() - 1);
        if ("FAILED".equals(m.state())) {
            // the step that was under way when the move failed fails, and with it the operation
            if (!"SUCCEEDED".equals(last.state())) {
                out.add(new StepEvent(last.step(), "FAILED", "WAL move " + m.moveId() + " failed: " + m.message(),
                        null));
            }
        } else if (overdue(m, node, replacementTimeout)) {
            Instant deadline = m.recoveredAt().plus(replacementTimeout);
            out.add(new StepEvent(REPLACE_BROKER, "FAILED", "node " + m.failedNode() + " is not UP "
                    + words(replacementTimeout) + " after its WAL was recovered (catalog: incarnation "
                    + node.incarnation() + ", state " + node.state() + (node.leaseLive() ? "" : ", no live lease")
                    + "); the agent keeps starting it: see the agent's log and the broker's", deadline));
        }
        return out;
    }

    private static boolean overdue(ReplacementProgress.Move m, ReplacementProgress.Node node, Duration timeout) {
        return m.recoveredAt() != null && node != null && !replaced(m, node) && node.observedAt() != null
                && !node.observedAt().isBefore(m.recoveredAt().plus(timeout));
    }

    private static List<StepEvent> progress(ReplacementProgress.Move m, Detection d, ReplacementProgress.Node node) {
        List<StepEvent> out = new ArrayList<>();
        int failed = m.failedNode();
        String incarnation = "node " + failed + " (incarnation " + m.failedIncarnation() + ")";
        out.add(running(DETECT, d.cause() == null ? incarnation + " was fenced" : incarnation + ": " + d.cause(),
                d.startedAt()));
        out.add(succeeded(DETECT, fenced(d) + "; WAL move requested " + ms(d.fencedAt(), m.requestedAt())
                + " ms after fencing", d.fencedAt()));
        out.add(running(ATTACH_VOLUME, "moving WAL volume " + m.volumeId() + " of node " + failed + " to node "
                + m.targetNode(), m.requestedAt()));
        if (m.attachedAt() == null) {
            return out;
        }
        out.add(succeeded(ATTACH_VOLUME, "WAL volume " + m.volumeId() + " attached to node " + m.targetNode()
                + " in " + ms(m.requestedAt(), m.attachedAt()) + " ms", m.attachedAt()));
        out.add(running(RECOVER_WAL, "node " + m.targetNode() + " replays node " + failed + "'s WAL",
                m.attachedAt()));
        if (m.recoveredAt() == null) {
            return out;
        }
        out.add(succeeded(RECOVER_WAL, "node " + m.targetNode() + " replayed node " + failed + "'s WAL into the "
                + "bucket in " + ms(m.attachedAt(), m.recoveredAt()) + " ms", m.recoveredAt()));
        out.add(running(REASSIGN_PARTITIONS, "the controller reassigns node " + failed + "'s partitions",
                m.recoveredAt()));
        out.add(running(REPLACE_BROKER, "starting node " + failed + " again on its recovered volume",
                m.recoveredAt()));
        if (node == null) {
            return out;
        }
        boolean replaced = replaced(m, node);
        if (node.ownedPartitions() == 0 || replaced) {
            String how = node.ownedPartitions() == 0 || node.incarnation() == m.failedIncarnation()
                    ? "no partition left on node " + failed
                    : "node " + failed + "'s new incarnation serves " + node.ownedPartitions() + " partitions";
            out.add(succeeded(REASSIGN_PARTITIONS, how + ", " + ms(m.recoveredAt(), node.observedAt())
                    + " ms after recovery", node.observedAt()));
        }
        if (replaced) {
            out.add(succeeded(REPLACE_BROKER, "node " + failed + " is UP again as incarnation " + node.incarnation()
                    + ", " + ms(m.recoveredAt(), node.observedAt()) + " ms after recovery and "
                    + ms(d.startedAt(), node.observedAt()) + " ms after it was found dead", node.observedAt()));
        }
        return out;
    }

    private static String fenced(Detection d) {
        if (d.cause() == null) {
            return "fenced by " + d.fencedAt() + " (the node has registered again since)";
        }
        if (d.fencedAt().isBefore(d.leaseExpiresAt())) {
            return "fenced at once, " + ms(d.fencedAt(), d.leaseExpiresAt()) + " ms before its lease would have lapsed";
        }
        return "lease lapsed at " + d.leaseExpiresAt() + "; fenced " + ms(d.leaseExpiresAt(), d.fencedAt())
                + " ms later";
    }

    private static String words(Duration d) {
        return d.toSeconds() % 60 == 0 ? d.toMinutes() + " min" : d.toSeconds() + " s";
    }

    private static StepEvent running(String step, String message, Instant at) {
        return new StepEvent(step, "RUNNING", message, at);
    }

    private static StepEvent succeeded(String step, String message, Instant at) {
        return new StepEvent(step, "SUCCEEDED", message, at);
    }

    private static long ms(Instant from, Instant to) {
        return from == null || to == null ? 0 : Math.max(0, Duration.between(from, to).toMillis());
    }
}
