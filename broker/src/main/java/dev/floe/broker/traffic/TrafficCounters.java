package dev.floe.broker.traffic;

import java.util.concurrent.atomic.LongAdder;

/**
 * Record bytes this process received in Produce and sent in Fetch responses. Request threads only add, so a
 * {@link LongAdder} per direction keeps the hot path free of contention; the membership tick reads the sums.
 */
public final class TrafficCounters {
    private final LongAdder in = new LongAdder();
    private final LongAdder out = new LongAdder();

    public void received(long bytes) {
        if (bytes > 0) {
            in.add(bytes);
        }
    }

    public void sent(long bytes) {
        if (bytes > 0) {
            out.add(bytes);
        }
    }

    public long bytesIn() {
        return in.sum();
    }

    public long bytesOut() {
        return out.sum();
    }
}
