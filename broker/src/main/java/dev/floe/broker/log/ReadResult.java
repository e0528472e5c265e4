package dev.floe.broker.log;

import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.record.MemoryRecords;

/** Records read for one partition of a fetch, with the bounds the consumer is told. */
public record ReadResult(Errors error, MemoryRecords records, long highWatermark, long logStartOffset) {
    public static ReadResult error(Errors error) {
        return new ReadResult(error, MemoryRecords.EMPTY, -1, -1);
    }

    public int sizeInBytes() {
        return records.sizeInBytes();
    }
}
