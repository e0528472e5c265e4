package dev.floe.broker.protocol;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.ByteBuffer;

/**
 * Cuts the byte stream into request frames (a 4-byte size, then that many bytes) and passes each on as a
 * {@link ByteBuffer} of its own. Bytes are copied once, straight from the socket's read buffer into the frame,
 * which Netty's read buffer is then free to take the next read into: a produce request of a megabyte is not
 * gathered in a buffer that grows and is copied over as its pieces arrive, and then copied out again.
 * <p>
 * Frames live on the heap, produce requests too, although their batches stay in the recent-batch cache until
 * uploaded and evicted: a direct buffer per request cost more (zeroed twice, by the JDK and by the kernel on first
 * touch, then freed through a cleaner) than the collector's work on the heap: with heap frames the broker needed
 * about a quarter less CPU per produced byte in a warmed-up run of {@code bench/produce.sh}'s load.
 */
final class FrameReader extends ChannelInboundHandlerAdapter {
    private static final Logger log = LoggerFactory.getLogger(FrameReader.class);
    /**
     * Frames up to this size get their whole buffer when their size is read; larger ones grow as their bytes arrive,
     * so a client announcing huge frames it never sends holds little memory.
     */
    static final int EAGER_BYTES = 4 * 1024 * 1024;

    private final int maxFrameBytes;
    private final ByteBuffer sizePrefix = ByteBuffer.allocate(4);
    private ByteBuffer frame;
    private int frameSize;

    FrameReader(int maxFrameBytes) {
        this.maxFrameBytes = maxFrameBytes;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        ByteBuf in = (ByteBuf) msg;
        try {
            while (in.isReadable() && ctx.channel().isActive()) {
                if (frame == null && !readSize(ctx, in)) {
                    return;
                }
                int n = Math.min(frameSize - frame.position(), in.readableBytes());
                ensureRoom(n);
                in.readBytes(frame.array(), frame.position(), n);
                frame.position(frame.position() + n);
                if (frame.position() == frameSize) {
                    ByteBuffer complete = frame.flip();
                    frame = null;
                    ctx.fireChannelRead(complete);
                }
            }
        } finally {
            in.release();
        }
    }

    /** Reads (the rest of) the size prefix; true once a frame of a valid size has been started. */
    private boolean readSize(ChannelHandlerContext ctx, ByteBuf in) {
        while (sizePrefix.hasRemaining() && in.isReadable()) {
            sizePrefix.put(in.readByte());
        }
        if (sizePrefix.hasRemaining()) {
            return false;
        }
        frameSize = sizePrefix.flip().getInt();
        sizePrefix.clear();
        if (frameSize <= 0 || frameSize > maxFrameBytes) {
            log.info("closing connection from {}: frame size {} outside 1..{}", ctx.channel().remoteAddress(), frameSize, maxFrameBytes);
            ctx.close();
            return false;
        }
        frame = ByteBuffer.allocate(Math.min(frameSize, EAGER_BYTES));
        return true;
    }

    private void ensureRoom(int n) {
        if (frame.remaining() >= n) {
            return;
        }
        long wanted = Math.max((long) frame.position() + n, 2L * frame.capacity());
        ByteBuffer larger = ByteBuffer.allocate((int) Math.min(wanted, frameSize));
        larger.put(frame.flip());
        frame = larger;
    }
}
