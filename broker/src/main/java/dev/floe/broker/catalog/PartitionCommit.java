package dev.floe.broker.catalog;

import org.apache.kafka.common.TopicIdPartition;

import java.util.Map;

/**
 * What one upload adds to one partition: its new range in the object, the end offset it moves from and
 * to, the epoch it was written under, and the idempotent-producer state after those batches.
 */
public record PartitionCommit(TopicIdPartition partition, int ownerNode, int epoch, long expectedEndOffset, long newEndOffset,
                              long position, long length, long maxTimestamp, Map<Long, ProducerRow> producers) {

    /** One producer's persisted state: its epoch and its recent batches (serialised by the log). */
    public record ProducerRow(short epoch, String batches) {
    }
}
