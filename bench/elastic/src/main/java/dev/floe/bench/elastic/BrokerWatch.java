package dev.floe.bench.elastic;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Logs every change of a broker's catalog row (state, incarnation, lease live or lapsed) seen while waiting, with
 * the time since a reference point: when a cluster does not heal, the log shows which brokers churned and when.
 */
final class BrokerWatch {

    private final Map<Integer, String> seen = new HashMap<>();
    private long sinceNanos;
    private String label = "";

    /** Starts a new episode (e.g. one kill); the current rows are the baseline, not logged. */
    void reset(String label, long sinceNanos, List<Catalog.Broker> brokers) {
        this.label = label;
        this.sinceNanos = sinceNanos;
        seen.clear();
        brokers.forEach(b -> seen.put(b.nodeId(), describe(b)));
    }

    void observe(List<Catalog.Broker> brokers) {
        for (Catalog.Broker b : brokers) {
            String now = describe(b);
            String before = seen.put(b.nodeId(), now);
            if (!now.equals(before)) {
                Log.info("%s +%.1f s: node %d %s -> %s", label, Clock.millisBetween(sinceNanos, System.nanoTime()) / 1000,
                        b.nodeId(), before == null ? "new" : before, now);
            }
        }
    }

    private static String describe(Catalog.Broker b) {
        return b.state() + " incarnation " + b.incarnation() + (b.live() ? "" : " (lease lapsed)")
                + (b.fenceReason() == null ? "" : " fenced: " + b.fenceReason());
    }
}
