package dev.floe.broker.log;

import org.apache.kafka.common.InvalidRecordException;
import org.apache.kafka.common.errors.CorruptRecordException;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.errors.UnsupportedForMessageFormatException;
import org.apache.kafka.common.record.MemoryRecords;
import org.apache.kafka.common.record.MutableRecordBatch;
import org.apache.kafka.common.record.RecordBatch;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/** Checks a produced partition payload before anything is written: format, size, CRC, completeness. */
public final class BatchValidator {
    private BatchValidator() {
    }

    /** A validated batch and the exact slice of the request buffer holding it. */
    public record ValidBatch(MutableRecordBatch batch, ByteBuffer bytes) {
    }

    public static List<ValidBatch> validate(MemoryRecords records, int maxMessageBytes) {
        ByteBuffer all = records.buffer();
        List<ValidBatch> out = new ArrayList<>();
        int consumed = 0;
        for (MutableRecordBatch batch : records.batches()) {
            if (batch.magic() != RecordBatch.MAGIC_VALUE_V2) {
                throw new UnsupportedForMessageFormatException("only record batch format v2 is accepted");
            }
            if (batch.sizeInBytes() > maxMessageBytes) {
                throw new RecordTooLargeException("batch of " + batch.sizeInBytes() + " bytes exceeds max.message.bytes " + maxMessageBytes);
            }
            batch.ensureValid(); // CRC
            if (batch.isTransactional() || batch.isControlBatch()) {
                throw new InvalidRecordException("transactions are not supported");
            }
            if (batch.lastOffset() < batch.baseOffset() || batch.countOrNull() == null || batch.countOrNull() <= 0) {
                throw new CorruptRecordException("batch has no records or inconsistent offsets");
            }
            ByteBuffer slice = all.duplicate();
            slice.position(all.position() + consumed).limit(all.position() + consumed + batch.sizeInBytes());
            out.add(new ValidBatch(batch, slice.slice()));
            consumed += batch.sizeInBytes();
        }
        if (consumed != all.remaining() || out.isEmpty()) {
            throw new CorruptRecordException("records are truncated or empty");
        }
        return out;
    }
}
