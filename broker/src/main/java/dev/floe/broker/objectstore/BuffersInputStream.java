package dev.floe.broker.objectstore;

import java.io.InputStream;
import java.nio.ByteBuffer;
import java.util.List;

/** Reads several buffers one after the other without joining them first; each stream has its own positions. */
final class BuffersInputStream extends InputStream {
    private final ByteBuffer[] buffers;
    private int current;

    BuffersInputStream(List<ByteBuffer> buffers) {
        this.buffers = buffers.stream().map(ByteBuffer::duplicate).toArray(ByteBuffer[]::new);
    }

    @Override
    public int read() {
        ByteBuffer b = next();
        return b == null ? -1 : b.get() & 0xFF;
    }

    @Override
    public int read(byte[] into, int offset, int length) {
        if (length == 0) {
            return 0;
        }
        ByteBuffer b = next();
        if (b == null) {
            return -1;
        }
        int n = Math.min(length, b.remaining());
        b.get(into, offset, n);
        return n;
    }

    @Override
    public int available() {
        ByteBuffer b = next();
        return b == null ? 0 : b.remaining();
    }

    private ByteBuffer next() {
        while (current < buffers.length && !buffers[current].hasRemaining()) {
            current++;
        }
        return current < buffers.length ? buffers[current] : null;
    }
}
