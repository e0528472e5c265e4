package dev.floe.broker.log;

import dev.floe.broker.catalog.PartitionCommit;

import java.util.List;
import java.util.Map;

/** One partition's share of an upload: contiguous batches from {@code expectedEnd} on. */
record UploadSlice(PartitionLog log, int epoch, long expectedEnd, List<CachedBatch> batches, ProducerStateTable producersAfter,
                   Map<Long, PartitionCommit.ProducerRow> producerRows) {
    long newEnd() {
        return batches.get(batches.size() - 1).lastOffset + 1;
    }

    long bytes() {
        long n = 0;
        for (CachedBatch cb : batches) {
            n += cb.size();
        }
        return n;
    }

    long maxTimestamp() {
        long max = -1;
        for (CachedBatch cb : batches) {
            max = Math.max(max, cb.maxTimestamp);
        }
        return max;
    }
}
