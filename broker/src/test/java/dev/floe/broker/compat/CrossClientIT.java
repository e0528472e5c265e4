package dev.floe.broker.compat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.floe.broker.it.BrokerProcess;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * What one client library writes, another reads with keys, values and headers intact: the broker
 * stores and serves the clients' record batches faithfully, whatever produced them.
 */
@ExtendWith(SharedBroker.class)
@Timeout(value = 3, unit = TimeUnit.MINUTES) // a safety net: each client call has its own, shorter bound
class CrossClientIT {

    @BeforeAll
    static void clientsAreInstalled() {
        assumeTrue(Kcat.installed(), "kcat is not installed: scripts/install-test-tools installs it (./test runs it)");
        assumeTrue(Kafkajs.installed(), "node/npm are not installed: scripts/install-test-tools installs them (./test runs it)");
    }

    @Test
    void kafkajsReadsKeysValuesAndHeadersThatKcatProduced(BrokerProcess broker) throws Exception {
        String topic = Topics.createUnique(broker, "kcat-to-kafkajs", 3);
        List<String> sent = KcatIT.keyValueLines("kcat", 0, 120);
        Map<String, String> headers = Map.of("origin", "kcat", "trace", "7f3a");

        new Kcat(broker.bootstrap()).produce(topic, sent, headers, "enable.idempotence=true");
        List<ConsumedMessage> read = new Kafkajs(broker.bootstrap()).consumeAsGroup(topic, Topics.uniqueGroup("from-kcat"), 120);

        assertThat(read).extracting(m -> m.key() + ":" + m.value()).containsExactlyInAnyOrderElementsOf(sent);
        assertThat(read).extracting(ConsumedMessage::headers).containsOnly(headers);
        Ordering.assertKeysStayInOnePartitionInSendOrder(read, m -> Ordering.trailingNumber(m.value()));
    }

    @Test
    void kcatReadsKeysValuesAndHeadersThatKafkajsProduced(BrokerProcess broker) throws Exception {
        String topic = Topics.createUnique(broker, "kafkajs-to-kcat", 3);

        new Kafkajs(broker.bootstrap()).produce(topic, 120, "js");
        List<ConsumedMessage> read = new Kcat(broker.bootstrap()).readFromBeginning(topic);

        assertThat(read).extracting(ConsumedMessage::content).containsExactlyInAnyOrderElementsOf(Kafkajs.produced(120, "js"));
        Ordering.assertContiguousOffsetsFromZero(read);
        Ordering.assertKeysStayInOnePartitionInSendOrder(read, m -> Integer.parseInt(m.headers().get("seq")));
    }

    @Test
    void kcatAndKafkajsReadWhatTheJavaIdempotentProducerWrote(BrokerProcess broker) throws Exception {
        String topic = Topics.createUnique(broker, "java-to-others", 3);
        List<ConsumedMessage.Content> sent = IntStream.range(0, 150)
                .mapToObj(i -> new ConsumedMessage.Content("java-" + (i % 10), "java-value-" + i,
                        Map.of("origin", "java", "seq", Integer.toString(i))))
                .toList();

        produceWithJavaClient(broker, topic, sent);
        List<ConsumedMessage> readByKcat = new Kcat(broker.bootstrap()).readFromBeginning(topic);
        List<ConsumedMessage> readByKafkajs = new Kafkajs(broker.bootstrap()).consumeAsGroup(topic, Topics.uniqueGroup("from-java"), 150);

        assertThat(readByKcat).extracting(ConsumedMessage::content).containsExactlyInAnyOrderElementsOf(sent);
        assertThat(readByKafkajs).extracting(ConsumedMessage::content).containsExactlyInAnyOrderElementsOf(sent);
        Ordering.assertContiguousOffsetsFromZero(readByKcat);
        Ordering.assertKeysStayInOnePartitionInSendOrder(readByKafkajs, m -> Integer.parseInt(m.headers().get("seq")));
    }

    /** The Java client's defaults: idempotent, acks=all, so batches carry a producer id and sequences. */
    private static void produceWithJavaClient(BrokerProcess broker, String topic, List<ConsumedMessage.Content> records)
            throws Exception {
        Properties config = new Properties();
        config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrap());
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        config.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, "20000");
        config.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, "15000");
        config.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, "30000");
        List<Future<RecordMetadata>> acks = new ArrayList<>();
        KafkaProducer<String, String> producer = new KafkaProducer<>(config, new StringSerializer(), new StringSerializer());
        try {
            for (ConsumedMessage.Content record : records) {
                RecordHeaders headers = new RecordHeaders();
                record.headers().forEach((name, value) -> headers.add(name, value.getBytes(StandardCharsets.UTF_8)));
                acks.add(producer.send(new ProducerRecord<>(topic, null, record.key(), record.value(), headers)));
            }
            // Bounded waits, not flush(): a broker that never answers must fail the test, not hang it.
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(40);
            for (Future<RecordMetadata> ack : acks) {
                ack.get(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS); // throws if refused
            }
        } finally {
            producer.close(Duration.ofSeconds(5));
        }
    }
}
