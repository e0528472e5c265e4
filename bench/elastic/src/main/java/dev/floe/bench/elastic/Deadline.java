package dev.floe.bench.elastic;

import java.time.Duration;

/** A bound on a wait: every loop of the benchmark ends, by success or by this. */
final class Deadline {

    private final long end;
    private final String what;
    private final Duration limit;

    private Deadline(Duration limit, String what) {
        this.end = System.nanoTime() + limit.toNanos();
        this.what = what;
        this.limit = limit;
    }

    static Deadline in(Duration limit, String what) {
        return new Deadline(limit, what);
    }

    boolean passed() {
        return System.nanoTime() - end > 0;
    }

    /** Sleeps a poll interval, or throws {@link Missed} naming what was awaited. */
    void pause(long millis) throws InterruptedException {
        if (passed()) {
            throw new Missed(what + " not within " + limit.toSeconds() + " s");
        }
        Thread.sleep(millis);
    }

    /** What did not happen in time; the message says what (a product problem worth reporting, not a harness bug). */
    static final class Missed extends RuntimeException {
        Missed(String message) {
            super(message);
        }
    }
}
