package dev.floe.broker.compat;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.function.ToIntFunction;
import java.util.stream.Collectors;
import java.util.stream.LongStream;

/** Assertions on where records landed: Kafka's per-partition and per-key guarantees. */
final class Ordering {

    private Ordering() {
    }

    /** Each partition's records carry offsets 0, 1, 2, ... with no gap and no repeat, in read order. */
    static void assertContiguousOffsetsFromZero(List<ConsumedMessage> read) {
        Map<Integer, List<Long>> offsets = read.stream().collect(Collectors.groupingBy(ConsumedMessage::partition,
                Collectors.mapping(ConsumedMessage::offset, Collectors.toList())));
        offsets.forEach((partition, seen) -> assertThat(seen)
                .as("offsets of partition %d", partition)
                .containsExactlyElementsOf(LongStream.range(0, seen.size()).boxed().toList()));
    }

    /**
     * All records of a key are in one partition, in the order they were sent ({@code sequence}
     * gives a record's position in the send order).
     */
    static void assertKeysStayInOnePartitionInSendOrder(List<ConsumedMessage> read, ToIntFunction<ConsumedMessage> sequence) {
        Map<String, List<ConsumedMessage>> byKey = read.stream().collect(Collectors.groupingBy(ConsumedMessage::key));
        byKey.forEach((key, records) -> {
            assertThat(records).as("partitions of key %s", key).extracting(ConsumedMessage::partition).containsOnly(records.get(0).partition());
            assertThat(records).as("send order of key %s", key).extracting(sequence::applyAsInt).isSorted();
        });
    }

    /** The number after the last dash: "prefix-value-17" is record 17. */
    static int trailingNumber(String text) {
        return Integer.parseInt(text.substring(text.lastIndexOf('-') + 1));
    }
}
