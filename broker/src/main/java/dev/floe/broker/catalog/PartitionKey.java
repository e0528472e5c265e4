package dev.floe.broker.catalog;

import org.apache.kafka.common.Uuid;

/** One partition of one topic, by topic id: the key of per-partition catalog rows. */
public record PartitionKey(Uuid topicId, int partition) {
    public static PartitionKey of(PartitionInfo p) {
        return new PartitionKey(p.topicId(), p.partition());
    }
}
