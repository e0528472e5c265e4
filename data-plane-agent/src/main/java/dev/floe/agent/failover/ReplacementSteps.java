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
     * When the failed incarnation's lease lapsed and when it was fenced, as first seen; both are the move's request
     * time when its {@code brokers} row had already moved on to a new incarnation.
     */
    public record Detection(Instant leaseLapsedAt, Instant fencedAt) {

        public static Detection of(ReplacementProgress.Move move, ReplacementProgress.Node node) {
            if (node != null && node.incarnation() == move.failedIncarnation() && node.fencedAt() != null
                    && node.leaseExpiresAt() != null) {
                return new Detection(node.leaseExpiresAt(), node.fencedAt());
            }
            return new Detection(move.requestedAt(), move.requestedAt());
        }
    }

    private ReplacementSteps() {
    }

    /** Whether the node runs again: a newer incarnation, UP, holding a live lease. */
    public static boolean replaced(ReplacementProgress.Move move, ReplacementProgress.Node node) {
        return node != null && node.incarnation() > move.failedIncarnation() && "UP".equals(node.state())
                && node.leaseLive();
    }

    public static List<StepEvent> due(ReplacementProgress.Move m, Detection d, ReplacementProgress.Node node) {
        List<StepEvent> out = progress(m, d, node);
        if ("FAILED".equals(m.state())) {
            // the step that was under way when the move failed fails, and with it the operation
            StepEvent last = out.get(out.size() - 1);
            if (!"SUCCEEDED".equals(last.state())) {
                out.add(new StepEvent(last.step(), "FAILED", "WAL move " + m.moveId() + " failed: " + m.message(),
                        null));
            }
        }
        return out;
    }

    private static List<StepEvent> progress(ReplacementProgress.Move m, Detection d, ReplacementProgress.Node node) {
        List<StepEvent> out = new ArrayList<>();
        int failed = m.failedNode();
        out.add(running(DETECT, "node " + failed + " (incarnation " + m.failedIncarnation()
                + ") stopped renewing its lease", d.leaseLapsedAt()));
        out.add(succeeded(DETECT, "lease lapsed at " + d.leaseLapsedAt() + "; fenced " + ms(d.leaseLapsedAt(),
                d.fencedAt()) + " ms later; WAL move requested " + ms(d.fencedAt(), m.requestedAt())
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
                    + ms(d.leaseLapsedAt(), node.observedAt()) + " ms after its lease lapsed", node.observedAt()));
        }
        return out;
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
