package dev.floe.broker.log;

import dev.floe.broker.catalog.CatalogStorage;
import dev.floe.broker.catalog.RangeInfo;
import dev.floe.broker.objectstore.BlockCache;
import org.apache.kafka.common.TopicIdPartition;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/** Reads batches of a partition that live only in the bucket: catalog ranges, then block-cached ranged GETs. */
final class ObjectReader {
    // DefaultRecordBatch v2 header: base offset (8), length (4), leader epoch (4), magic (1), crc (4), attributes (2), last offset delta (4)
    private static final int HEADER_PREFIX = 27;
    private static final int LOG_OVERHEAD = 12;

    private final CatalogStorage storage;
    private final BlockCache blocks;

    ObjectReader(CatalogStorage storage, BlockCache blocks) {
        this.storage = storage;
        this.blocks = blocks;
    }

    /** Whole batches from the one containing {@code offset}, up to maxBytes (at least one), below {@code limit}. */
    ByteBuffer read(TopicIdPartition tp, long offset, int maxBytes, long limit) {
        List<ByteBuffer> parts = new ArrayList<>();
        int total = 0;
        long next = offset;
        List<RangeInfo> ranges = storage.rangesFrom(tp.topicId(), tp.partition(), offset, 8);
        // A consumer catching up reads this partition's next ranges soon: fetch them while it works on these.
        for (int i = 1; i < Math.min(3, ranges.size()); i++) {
            RangeInfo ahead = ranges.get(i);
            blocks.prefetch(ahead.objectKey(), ahead.position(), ahead.length());
        }
        outer:
        for (RangeInfo r : ranges) {
            long pos = r.position();
            long end = r.position() + r.length();
            while (pos < end) {
                ByteBuffer h = blocks.read(r.objectKey(), pos, HEADER_PREFIX);
                if (h.remaining() < HEADER_PREFIX) {
                    throw new IllegalStateException("object " + r.objectKey() + " truncated at " + pos);
                }
                long base = h.getLong(0);
                int size = LOG_OVERHEAD + h.getInt(8);
                long last = base + h.getInt(23);
                if (base >= limit) {
                    break outer;
                }
                if (last >= next) {
                    if (!parts.isEmpty() && total + size > maxBytes) {
                        break outer;
                    }
                    parts.add(blocks.read(r.objectKey(), pos, size));
                    total += size;
                    next = last + 1;
                }
                pos += size;
            }
            if (total >= maxBytes) {
                break;
            }
        }
        ByteBuffer out = ByteBuffer.allocate(total);
        for (ByteBuffer p : parts) {
            out.put(p);
        }
        return out.flip();
    }
}
