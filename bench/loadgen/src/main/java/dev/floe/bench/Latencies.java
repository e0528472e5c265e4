package dev.floe.bench;

import java.util.Arrays;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * Every measured record's send-to-acknowledgement time in microseconds, exact rather than
 * bucketed: the run is bounded in count, so the array is small enough to sort.
 */
final class Latencies {

    private final AtomicLongArray micros;

    Latencies(int capacity) {
        this.micros = new AtomicLongArray(capacity);
    }

    /** Called from the producer's I/O thread; each slot is written once. */
    void record(int index, long nanos) {
        micros.set(index, Math.max(1, nanos / 1_000));
    }

    Summary summarize(int count) {
        long[] sorted = new long[count];
        int filled = 0;
        for (int i = 0; i < count; i++) {
            long value = micros.get(i);
            if (value > 0) { // 0 = not acknowledged (failed or cut off by the time bound)
                sorted[filled++] = value;
            }
        }
        sorted = Arrays.copyOf(sorted, filled);
        Arrays.sort(sorted);
        return new Summary(percentile(sorted, 0.50), percentile(sorted, 0.99), percentile(sorted, 0.999),
                filled == 0 ? 0 : sorted[filled - 1]);
    }

    private static long percentile(long[] sorted, double quantile) {
        if (sorted.length == 0) {
            return 0;
        }
        int rank = (int) Math.ceil(quantile * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, rank))];
    }

    record Summary(long p50Micros, long p99Micros, long p999Micros, long maxMicros) {
        double p50Millis() {
            return p50Micros / 1000.0;
        }

        double p99Millis() {
            return p99Micros / 1000.0;
        }

        double p999Millis() {
            return p999Micros / 1000.0;
        }

        double maxMillis() {
            return maxMicros / 1000.0;
        }
    }
}
