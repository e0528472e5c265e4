package dev.floe.bench.elastic;

import java.time.Instant;

/**
 * Wall-clock instants with the monotonic clock's precision. Catalog timestamps (PostgreSQL's {@code now()} on this
 * machine) and file times are wall-clock; intervals measured here are monotonic. Both are related through one
 * anchor taken at start, so a wall-clock step during a run cannot distort an interval.
 */
final class Clock {

    private static final long ANCHOR_NANOS = System.nanoTime();
    private static final long ANCHOR_MICROS = micros(Instant.now());

    private Clock() {
    }

    /** Epoch milliseconds (fractional) of a {@link System#nanoTime()} reading. */
    static double epochMillis(long nanos) {
        return (ANCHOR_MICROS + (nanos - ANCHOR_NANOS) / 1_000.0) / 1_000.0;
    }

    static double epochMillis(Instant instant) {
        return micros(instant) / 1_000.0;
    }

    static double millisBetween(long fromNanos, long toNanos) {
        return (toNanos - fromNanos) / 1e6;
    }

    private static long micros(Instant instant) {
        return instant.getEpochSecond() * 1_000_000L + instant.getNano() / 1_000;
    }
}
