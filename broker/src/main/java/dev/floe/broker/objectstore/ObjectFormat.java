package dev.floe.broker.objectstore;

import org.apache.kafka.common.Uuid;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.CRC32C;

/**
 * Layout of a data object: each partition's batches back to back, then an index naming every
 * partition's range, then a fixed footer (magic, version, index position and length, index CRC).
 * Readers normally go straight to a range named by the catalog; the index makes an object
 * self-describing for recovery, compaction and inspection.
 */
public final class ObjectFormat {
    public static final int MAGIC = 0x464C4F42; // "FLOB"
    public static final short VERSION = 1;
    public static final int FOOTER_BYTES = 4 + 2 + 8 + 4 + 4;
    private static final int ENTRY_BYTES = 16 + 4 + 8 + 8 + 8 + 8 + 8;

    private ObjectFormat() {
    }

    /** One partition's run of batches inside the object. */
    public record IndexEntry(Uuid topicId, int partition, long baseOffset, long endOffset, long position, long length,
                             long maxTimestamp) {
    }

    /**
     * The object as the parts it is sent in: the runs as they are, then index and footer. The runs are not joined into
     * one buffer: that would copy every uploaded byte once more, into a new buffer of up to the largest object's size.
     */
    public static List<ByteBuffer> parts(List<ByteBuffer> runs, List<IndexEntry> entries) {
        long dataBytes = 0;
        for (ByteBuffer r : runs) {
            dataBytes += r.remaining();
        }
        int indexBytes = entries.size() * ENTRY_BYTES;
        ByteBuffer tail = ByteBuffer.allocate(indexBytes + FOOTER_BYTES);
        for (IndexEntry e : entries) {
            tail.putLong(e.topicId().getMostSignificantBits()).putLong(e.topicId().getLeastSignificantBits())
                    .putInt(e.partition()).putLong(e.baseOffset()).putLong(e.endOffset()).putLong(e.position())
                    .putLong(e.length()).putLong(e.maxTimestamp());
        }
        CRC32C crc = new CRC32C();
        crc.update(tail.array(), 0, indexBytes);
        tail.putInt(MAGIC).putShort(VERSION).putLong(dataBytes).putInt(indexBytes).putInt((int) crc.getValue());
        List<ByteBuffer> out = new ArrayList<>(runs.size() + 1);
        runs.forEach(r -> out.add(r.duplicate()));
        out.add(tail.flip());
        return out;
    }

    /** Parses the index from a whole object; throws if footer or CRC do not match. */
    public static List<IndexEntry> readIndex(ByteBuffer object) {
        int end = object.limit();
        if (end < FOOTER_BYTES) {
            throw new IllegalArgumentException("object too small");
        }
        int f = end - FOOTER_BYTES;
        if (object.getInt(f) != MAGIC || object.getShort(f + 4) != VERSION) {
            throw new IllegalArgumentException("not a Floe object");
        }
        int indexPos = (int) object.getLong(f + 6);
        int indexBytes = object.getInt(f + 14);
        CRC32C crc = new CRC32C();
        crc.update(object.array(), object.arrayOffset() + indexPos, indexBytes);
        if ((int) crc.getValue() != object.getInt(f + 18)) {
            throw new IllegalArgumentException("object index CRC mismatch");
        }
        List<IndexEntry> out = new ArrayList<>();
        ByteBuffer b = object.duplicate();
        b.position(indexPos);
        for (int i = 0; i < indexBytes / ENTRY_BYTES; i++) {
            out.add(new IndexEntry(new Uuid(b.getLong(), b.getLong()), b.getInt(), b.getLong(), b.getLong(), b.getLong(),
                    b.getLong(), b.getLong()));
        }
        return out;
    }
}
