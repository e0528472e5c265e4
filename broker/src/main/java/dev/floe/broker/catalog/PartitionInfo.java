package dev.floe.broker.catalog;

import org.apache.kafka.common.Uuid;

/** A partition's ownership (owner may be null while unassigned) and committed log bounds. */
public record PartitionInfo(Uuid topicId, int partition, Integer owner, int epoch, long logStartOffset, long uploadedEndOffset,
                            Integer moveTo) {
}
