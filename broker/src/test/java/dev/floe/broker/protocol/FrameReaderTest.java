package dev.floe.broker.protocol;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

class FrameReaderTest {
    private static final int MAX = 16 * 1024 * 1024;

    @Test
    void framesArrivingOneByteAtATimeComeOutWhole() {
        EmbeddedChannel channel = new EmbeddedChannel(new FrameReader(MAX));
        byte[] stream = concat(frame(bytes(5, 1)), frame(bytes(300, 2)));
        for (byte b : stream) {
            channel.writeInbound(Unpooled.wrappedBuffer(new byte[]{b}));
        }
        assertThat(frames(channel)).containsExactly(bytes(5, 1), bytes(300, 2));
    }

    @Test
    void severalFramesInOneReadComeOutOneByOne() {
        EmbeddedChannel channel = new EmbeddedChannel(new FrameReader(MAX));
        channel.writeInbound(Unpooled.wrappedBuffer(concat(frame(bytes(1, 3)), frame(bytes(70, 4)), frame(bytes(2, 5)))));
        assertThat(frames(channel)).containsExactly(bytes(1, 3), bytes(70, 4), bytes(2, 5));
    }

    @Test
    void aFrameLargerThanTheEagerBufferGrowsAsItsBytesArrive() {
        EmbeddedChannel channel = new EmbeddedChannel(new FrameReader(MAX));
        byte[] body = bytes(FrameReader.EAGER_BYTES * 2 + 12345, 6);
        byte[] stream = frame(body);
        for (int at = 0; at < stream.length; at += 65536) {
            channel.writeInbound(Unpooled.wrappedBuffer(stream, at, Math.min(65536, stream.length - at)));
        }
        assertThat(frames(channel)).containsExactly(body);
    }

    @Test
    void aSizeOutsideTheLimitsClosesTheConnection() {
        for (int size : new int[]{0, -1, MAX + 1}) {
            EmbeddedChannel channel = new EmbeddedChannel(new FrameReader(MAX));
            ByteBuf in = Unpooled.buffer().writeInt(size).writeBytes(new byte[16]);
            channel.writeInbound(in);
            assertThat(channel.isOpen()).as("size %d", size).isFalse();
            assertThat(in.refCnt()).isZero();
            assertThat(frames(channel)).isEmpty();
        }
    }

    @Test
    void everyReadBufferIsReleased() {
        EmbeddedChannel channel = new EmbeddedChannel(new FrameReader(MAX));
        ByteBuf first = Unpooled.wrappedBuffer(frame(bytes(10, 7)), 0, 6);
        ByteBuf rest = Unpooled.wrappedBuffer(frame(bytes(10, 7)), 6, 8);
        channel.writeInbound(first);
        channel.writeInbound(rest);
        assertThat(first.refCnt()).isZero();
        assertThat(rest.refCnt()).isZero();
        assertThat(frames(channel)).containsExactly(bytes(10, 7));
    }

    private static List<byte[]> frames(EmbeddedChannel channel) {
        List<byte[]> out = new ArrayList<>();
        ByteBuffer b;
        while ((b = channel.readInbound()) != null) {
            byte[] copy = new byte[b.remaining()];
            b.get(copy);
            out.add(copy);
        }
        return out;
    }

    private static byte[] frame(byte[] body) {
        return ByteBuffer.allocate(4 + body.length).putInt(body.length).put(body).array();
    }

    private static byte[] bytes(int n, long seed) {
        byte[] b = new byte[n];
        new Random(seed).nextBytes(b);
        return b;
    }

    private static byte[] concat(byte[]... parts) {
        ByteBuffer out = ByteBuffer.allocate(Arrays.stream(parts).mapToInt(p -> p.length).sum());
        for (byte[] p : parts) {
            out.put(p);
        }
        return out.array();
    }
}
