package dev.floe.broker.wal;

import org.apache.kafka.common.Uuid;

import java.nio.ByteBuffer;
import java.util.zip.CRC32C;

/**
 * The durable layout of the WAL file. The file starts with two header slots (written alternately, so a
 * torn header write never loses the trim point), followed by a circular data area addressed by a
 * monotonically growing logical position. Each record carries its own logical position, so a record
 * left over from an earlier lap is recognised as stale rather than replayed.
 */
final class WalFormat {
    static final int FILE_MAGIC = 0x464C5745;   // "FLWE"
    static final short FILE_VERSION = 1;
    static final int HEADER_SLOT_SIZE = 512;
    static final int DATA_START = 4096;
    static final int HEADER_BYTES = 4 + 2 + 4 + 8 + 8 + 8 + 4; // magic, version, node, size, trim, generation, crc

    static final int RECORD_MAGIC = 0x57414C52; // "WALR"
    static final byte RECORD_VERSION = 1;
    static final byte TYPE_DATA = 1;
    static final byte TYPE_PAD = 2;
    // magic, version, type, crc, length, position, node, epoch, topic id (2 longs), partition, base offset
    static final int RECORD_HEADER = 4 + 1 + 1 + 4 + 4 + 8 + 4 + 4 + 16 + 4 + 8;
    private static final int CRC_FROM = 10; // the CRC covers everything after itself

    private WalFormat() {
    }

    static ByteBuffer fileHeader(int nodeId, long fileSize, long trimPosition, long generation) {
        ByteBuffer b = ByteBuffer.allocate(HEADER_BYTES);
        b.putInt(FILE_MAGIC).putShort(FILE_VERSION).putInt(nodeId).putLong(fileSize).putLong(trimPosition).putLong(generation);
        CRC32C crc = new CRC32C();
        crc.update(b.array(), 0, HEADER_BYTES - 4);
        b.putInt((int) crc.getValue());
        return b.flip();
    }

    record Header(int nodeId, long fileSize, long trimPosition, long generation) {
    }

    static Header parseHeader(ByteBuffer b) {
        if (b.remaining() < HEADER_BYTES) {
            return null;
        }
        CRC32C crc = new CRC32C();
        crc.update(b.array(), b.arrayOffset() + b.position(), HEADER_BYTES - 4);
        if (b.getInt(b.position()) != FILE_MAGIC || b.getShort(b.position() + 4) != FILE_VERSION
                || b.getInt(b.position() + HEADER_BYTES - 4) != (int) crc.getValue()) {
            return null;
        }
        int p = b.position();
        return new Header(b.getInt(p + 6), b.getLong(p + 10), b.getLong(p + 18), b.getLong(p + 26));
    }

    static ByteBuffer recordHeader(byte type, long position, int nodeId, int epoch, Uuid topicId, int partition,
                                   long baseOffset, ByteBuffer payload) {
        ByteBuffer h = ByteBuffer.allocate(RECORD_HEADER);
        int length = payload == null ? 0 : payload.remaining();
        h.putInt(RECORD_MAGIC).put(RECORD_VERSION).put(type).putInt(0).putInt(length).putLong(position)
                .putInt(nodeId).putInt(epoch)
                .putLong(topicId.getMostSignificantBits()).putLong(topicId.getLeastSignificantBits())
                .putInt(partition).putLong(baseOffset);
        h.putInt(6, crc(h, payload));
        return h.flip();
    }

    static int crc(ByteBuffer header, ByteBuffer payload) {
        CRC32C crc = new CRC32C();
        crc.update(header.array(), header.arrayOffset() + CRC_FROM, RECORD_HEADER - CRC_FROM);
        if (payload != null) {
            crc.update(payload.duplicate());
        }
        return (int) crc.getValue();
    }
}
