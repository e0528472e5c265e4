package dev.floe.agent.controlplane;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

/** Exponential backoff with jitter, so many agents coming back after an outage do not arrive in step. */
public final class Backoff {

    private final Duration initial;
    private final Duration max;
    private int failures;

    public Backoff(Duration initial, Duration max) {
        if (initial.isNegative() || initial.isZero() || max.compareTo(initial) < 0) {
            throw new IllegalArgumentException("backoff needs 0 < initial <= max, got " + initial + ", " + max);
        }
        this.initial = initial;
        this.max = max;
    }

    /** The delay before the next attempt; grows with every consecutive failure up to {@code max}. */
    public Duration nextDelay() {
        long base = initial.toMillis() << Math.min(failures, 20);
        long capped = Math.min(base, max.toMillis());
        failures++;
        long half = capped / 2;
        return Duration.ofMillis(half + ThreadLocalRandom.current().nextLong(half + 1));
    }

    public void reset() {
        failures = 0;
    }

    public int failures() {
        return failures;
    }
}
