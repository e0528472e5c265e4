package dev.floe.broker.wal;

import org.apache.kafka.common.Uuid;

import java.nio.ByteBuffer;

/** One record batch as it was made durable: where it lives in the WAL and whose partition epoch wrote it. */
public record WalRecord(long position, int nodeId, int epoch, Uuid topicId, int partition, long baseOffset, ByteBuffer batch) {
}
