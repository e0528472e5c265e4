package dev.floe.broker.objectstore;

import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class BuffersInputStreamTest {
    private final List<ByteBuffer> parts = List.of(ByteBuffer.wrap(new byte[]{1, 2}), ByteBuffer.allocate(0),
            ByteBuffer.allocateDirect(3).put(new byte[]{3, 4, (byte) 255}).flip());

    @Test
    void readsThePartsOneAfterTheOtherSkippingEmptyOnes() throws Exception {
        assertThat(new BuffersInputStream(parts).readAllBytes()).containsExactly(1, 2, 3, 4, 255);
    }

    @Test
    void singleBytesAreUnsignedAndTheEndIsMinusOne() {
        BuffersInputStream in = new BuffersInputStream(parts);
        int[] read = new int[6];
        for (int i = 0; i < read.length; i++) {
            read[i] = in.read();
        }
        assertThat(read).containsExactly(1, 2, 3, 4, 255, -1);
    }

    @Test
    void everyStreamStartsAtTheBeginningSoARetriedUploadSendsEverythingAgain() throws Exception {
        new BuffersInputStream(parts).readAllBytes();
        assertThat(new BuffersInputStream(parts).readAllBytes()).hasSize(5);
        assertThat(parts.get(0).remaining()).isEqualTo(2);
    }
}
