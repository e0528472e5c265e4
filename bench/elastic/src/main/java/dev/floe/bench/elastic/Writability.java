package dev.floe.bench.elastic;

import java.util.concurrent.atomic.AtomicLongArray;

/**
 * Per partition, the first acknowledgement of a record sent after a mark: the moment a produce to that partition
 * was accepted again. Records sent before the mark do not count, so an acknowledgement the killed broker gave
 * just before it died cannot make its partitions look writable.
 */
final class Writability {

    private static final long NONE = Long.MAX_VALUE;

    private final AtomicLongArray firstAck;
    private volatile long markNanos = Long.MAX_VALUE;

    Writability(int partitions) {
        firstAck = new AtomicLongArray(partitions);
        for (int p = 0; p < partitions; p++) {
            firstAck.set(p, NONE);
        }
    }

    int partitions() {
        return firstAck.length();
    }

    /** Forgets earlier acknowledgements; from now on only records sent at or after {@code nanos} count. */
    void mark(long nanos) {
        for (int p = 0; p < firstAck.length(); p++) {
            firstAck.set(p, NONE);
        }
        markNanos = nanos;
    }

    /** Called from a producer's I/O thread for every acknowledged record. */
    void acknowledged(int partition, long sentNanos, long ackNanos) {
        if (sentNanos >= markNanos) {
            firstAck.accumulateAndGet(partition, ackNanos, Math::min);
        }
    }

    /** {@link System#nanoTime()} of the partition's first acknowledgement since the mark, or -1. */
    long firstAckNanos(int partition) {
        long value = firstAck.get(partition);
        return value == NONE ? -1 : value;
    }

    boolean allWritable() {
        for (int p = 0; p < firstAck.length(); p++) {
            if (firstAck.get(p) == NONE) {
                return false;
            }
        }
        return true;
    }
}
