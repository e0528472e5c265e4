package dev.floe.broker.traffic;

import java.util.ArrayDeque;
import java.util.Deque;

/**
 * Turns cumulative counters into rates over a sliding window, so the catalog holds a ready rate and its readers
 * need not keep samples of their own. The oldest kept sample is the newest one at least a window old (or the
 * first one, while the process is younger than the window); rates are bytes since then over the time since then.
 * Called from one thread (the membership tick).
 */
public final class TrafficWindow {
    private record Point(long nanos, long in, long out) {
    }

    private final long windowNanos;
    private final Deque<Point> points = new ArrayDeque<>();

    public TrafficWindow(long windowMillis) {
        if (windowMillis <= 0) {
            throw new IllegalArgumentException("traffic window must be positive, got " + windowMillis + " ms");
        }
        this.windowNanos = windowMillis * 1_000_000L;
    }

    /** Records the totals seen at {@code nowNanos} (System.nanoTime) and returns the sample to report. */
    public TrafficSample sample(long nowNanos, long bytesIn, long bytesOut) {
        points.addLast(new Point(nowNanos, bytesIn, bytesOut));
        while (points.size() > 2 && nowNanos - secondOldest().nanos() >= windowNanos) {
            points.removeFirst();
        }
        Point oldest = points.peekFirst();
        double seconds = (nowNanos - oldest.nanos()) / 1e9;
        if (seconds <= 0) {
            return new TrafficSample(bytesIn, bytesOut, 0.0, 0.0);
        }
        return new TrafficSample(bytesIn, bytesOut, (bytesIn - oldest.in()) / seconds, (bytesOut - oldest.out()) / seconds);
    }

    private Point secondOldest() {
        var it = points.iterator();
        it.next();
        return it.next();
    }
}
