package dev.floe.broker.objectstore;

import org.apache.kafka.common.Uuid;
import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ObjectFormatTest {

    @Test
    void theIndexDescribesEveryPartitionsRunAndSurvivesARoundTrip() {
        Uuid a = Uuid.randomUuid();
        Uuid b = Uuid.randomUuid();
        List<ObjectFormat.IndexEntry> entries = List.of(
                new ObjectFormat.IndexEntry(a, 0, 10, 20, 0, 3, 111),
                new ObjectFormat.IndexEntry(b, 4, 0, 5, 3, 2, 222));
        ByteBuffer object = joined(List.of(ByteBuffer.wrap(new byte[]{1, 2, 3}), ByteBuffer.wrap(new byte[]{4, 5})), entries);
        assertThat(object.get(3)).isEqualTo((byte) 4);
        assertThat(ObjectFormat.readIndex(object)).isEqualTo(entries);
    }

    @Test
    void aDamagedIndexIsDetected() {
        ByteBuffer object = joined(List.of(ByteBuffer.wrap(new byte[]{1})),
                List.of(new ObjectFormat.IndexEntry(Uuid.randomUuid(), 0, 0, 1, 0, 1, 0)));
        object.put(5, (byte) 99);
        assertThatThrownBy(() -> ObjectFormat.readIndex(object)).hasMessageContaining("CRC");
    }

    /** The object as the bucket stores it: its parts one after the other. */
    private static ByteBuffer joined(List<ByteBuffer> runs, List<ObjectFormat.IndexEntry> entries) {
        List<ByteBuffer> parts = ObjectFormat.parts(runs, entries);
        ByteBuffer out = ByteBuffer.allocate(parts.stream().mapToInt(ByteBuffer::remaining).sum());
        parts.forEach(out::put);
        return out.flip();
    }
}
