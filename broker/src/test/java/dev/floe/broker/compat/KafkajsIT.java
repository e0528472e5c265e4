package dev.floe.broker.compat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.floe.broker.it.BrokerProcess;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/** kafkajs, run by Node as a separate process, produces to the broker and consumes in a consumer group. */
@ExtendWith(SharedBroker.class)
@Timeout(value = 3, unit = TimeUnit.MINUTES) // a safety net: each client call has its own, shorter bound
class KafkajsIT {

    @BeforeAll
    static void nodeIsInstalled() {
        assumeTrue(Kafkajs.installed(), "node/npm are not installed: scripts/install-test-tools installs them (./test runs it)");
    }

    @Test
    void kafkajsConsumerGroupReadsEveryRecordKafkajsProduced(BrokerProcess broker) throws Exception {
        String topic = Topics.createUnique(broker, "kafkajs-roundtrip", 3);
        Kafkajs kafkajs = new Kafkajs(broker.bootstrap());

        kafkajs.produce(topic, 200, "js");
        List<ConsumedMessage> read = kafkajs.consumeAsGroup(topic, Topics.uniqueGroup("kafkajs"), 200);

        assertThat(read).extracting(ConsumedMessage::content).containsExactlyInAnyOrderElementsOf(Kafkajs.produced(200, "js"));
        Ordering.assertContiguousOffsetsFromZero(read);
        Ordering.assertKeysStayInOnePartitionInSendOrder(read, m -> Integer.parseInt(m.headers().get("seq")));
    }

    @Test
    void kafkajsConsumerGroupResumesFromItsCommittedOffsets(BrokerProcess broker) throws Exception {
        String topic = Topics.createUnique(broker, "kafkajs-resume", 3);
        String group = Topics.uniqueGroup("kafkajs-resume");
        Kafkajs kafkajs = new Kafkajs(broker.bootstrap());

        kafkajs.produce(topic, 60, "before");
        List<ConsumedMessage> firstRead = kafkajs.consumeAsGroup(topic, group, 60);
        kafkajs.produce(topic, 40, "after");
        List<ConsumedMessage> secondRead = kafkajs.consumeAsGroup(topic, group, 40);

        assertThat(firstRead).extracting(ConsumedMessage::content).containsExactlyInAnyOrderElementsOf(Kafkajs.produced(60, "before"));
        assertThat(secondRead).as("only what arrived after the group committed")
                .extracting(ConsumedMessage::content).containsExactlyInAnyOrderElementsOf(Kafkajs.produced(40, "after"));
    }
}
