package dev.floe.broker.catalog;

import org.apache.kafka.common.Uuid;

/** Batches [baseOffset, endOffset) of one partition stored at [position, position+length) of an object. */
public record RangeInfo(Uuid topicId, int partition, long baseOffset, long endOffset, String objectKey, long position,
                        long length, long maxTimestamp) {
}
