package dev.floe.broker.log;

import java.nio.ByteBuffer;

/**
 * One appended record batch held in memory: served to consumers from here until evicted, and
 * uploaded from here. {@code walPosition} is set once the WAL has written it.
 */
public final class CachedBatch {
    final long baseOffset;
    final long lastOffset;
    final ByteBuffer data;
    final long maxTimestamp;
    final long producerId;
    final short producerEpoch;
    final int firstSeq;
    final int lastSeq;
    volatile long walPosition = -1;

    CachedBatch(long baseOffset, long lastOffset, ByteBuffer data, long maxTimestamp, long producerId, short producerEpoch,
                int firstSeq, int lastSeq) {
        this.baseOffset = baseOffset;
        this.lastOffset = lastOffset;
        this.data = data;
        this.maxTimestamp = maxTimestamp;
        this.producerId = producerId;
        this.producerEpoch = producerEpoch;
        this.firstSeq = firstSeq;
        this.lastSeq = lastSeq;
    }

    int size() {
        return data.remaining();
    }

    ByteBuffer bytes() {
        return data.duplicate();
    }
}
