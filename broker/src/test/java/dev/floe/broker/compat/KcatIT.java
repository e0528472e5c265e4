package dev.floe.broker.compat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.floe.broker.it.BrokerProcess;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/** librdkafka, through kcat run as a separate process, produces to and consumes from the broker. */
@ExtendWith(SharedBroker.class)
@Timeout(value = 3, unit = TimeUnit.MINUTES) // a safety net: each client call has its own, shorter bound
class KcatIT {

    @BeforeAll
    static void kcatIsInstalled() {
        assumeTrue(Kcat.installed(), "kcat is not installed: scripts/install-test-tools installs it (./test runs it)");
    }

    @Test
    void kcatReadsBackEveryKeyedRecordItProducedWithPerKeyOrder(BrokerProcess broker) throws Exception {
        String topic = Topics.createUnique(broker, "kcat-roundtrip", 3);
        List<String> sent = keyValueLines("key", 0, 300);
        Kcat kcat = new Kcat(broker.bootstrap());

        kcat.produce(topic, sent, Map.of("origin", "kcat"));
        List<ConsumedMessage> read = kcat.readFromBeginning(topic);

        assertThat(read).extracting(m -> m.key() + ":" + m.value()).containsExactlyInAnyOrderElementsOf(sent);
        assertThat(read).extracting(ConsumedMessage::headers).containsOnly(Map.of("origin", "kcat"));
        assertThat(read).extracting(ConsumedMessage::partition).as("records spread over the partitions").contains(0, 1, 2);
        Ordering.assertContiguousOffsetsFromZero(read);
        Ordering.assertKeysStayInOnePartitionInSendOrder(read, m -> Ordering.trailingNumber(m.value()));
    }

    @Test
    void kcatConsumerGroupReadsEachRecordOnceAndResumesFromItsCommittedOffsets(BrokerProcess broker) throws Exception {
        String topic = Topics.createUnique(broker, "kcat-group", 3);
        String group = Topics.uniqueGroup("kcat-group");
        Kcat kcat = new Kcat(broker.bootstrap());
        List<String> first = keyValueLines("key", 0, 100);
        List<String> second = keyValueLines("key", 100, 150);

        kcat.produce(topic, first, Map.of("batch", "first"), "enable.idempotence=true");
        List<ConsumedMessage> firstRead = kcat.readAsGroup(group, topic);
        kcat.produce(topic, second, Map.of("batch", "second"), "enable.idempotence=true");
        List<ConsumedMessage> secondRead = kcat.readAsGroup(group, topic);

        assertThat(firstRead).extracting(m -> m.key() + ":" + m.value()).containsExactlyInAnyOrderElementsOf(first);
        assertThat(secondRead).as("only what arrived after the group committed")
                .extracting(m -> m.key() + ":" + m.value()).containsExactlyInAnyOrderElementsOf(second);
        assertThat(secondRead).extracting(ConsumedMessage::headers).containsOnly(Map.of("batch", "second"));
    }

    /** {@code prefix-(i % 20):value-i} lines for i in [from, to): 20 keys, several records each. */
    static List<String> keyValueLines(String prefix, int from, int to) {
        return IntStream.range(from, to).mapToObj(i -> prefix + "-" + (i % 20) + ":value-" + i).toList();
    }
}
