package dev.floe.broker.it;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.CooperativeStickyAssignor;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.RangeAssignor;
import org.apache.kafka.clients.consumer.RoundRobinAssignor;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import static org.assertj.core.api.Assertions.assertThat;

class ConsumerGroupIT {
    private static TestCluster cluster;
    private static BrokerProcess broker;

    @BeforeAll
    static void start() {
        cluster = SharedInfrastructure.get().newCluster("groups");
        broker = cluster.start(1);
    }

    @AfterAll
    static void stop() {
        cluster.close();
    }

    @ParameterizedTest
    @ValueSource(classes = {RangeAssignor.class, RoundRobinAssignor.class, CooperativeStickyAssignor.class})
    void threeConsumersShareTheTopicThroughRebalancesAndResumeFromCommittedOffsets(Class<?> assignor) throws Exception {
        String topic = "events-" + assignor.getSimpleName();
        String group = "group-" + assignor.getSimpleName();
        Clients.createTopic(broker.bootstrap(), topic, 6);
        int firstBatch = 600;
        produce(topic, 0, firstBatch);

        Map<String, Object> config = Map.of("partition.assignment.strategy", assignor.getName(),
                "session.timeout.ms", "10000", "heartbeat.interval.ms", "500", "max.poll.records", "50");
        Set<String> seen = ConcurrentHashMap.newKeySet();
        List<KafkaConsumer<String, String>> consumers = new ArrayList<>();
        try {
            for (int i = 0; i < 3; i++) {
                KafkaConsumer<String, String> c = Clients.consumer(broker.bootstrap(), group, config);
                c.subscribe(List.of(topic));
                consumers.add(c);
            }
            // All three get partitions once the group settles.
            pollUntil(consumers, seen, () -> consumers.stream().allMatch(c -> !c.assignment().isEmpty()) && seen.size() == firstBatch);
            Set<Integer> owned = new HashSet<>();
            consumers.forEach(c -> c.assignment().forEach(tp -> owned.add(tp.partition())));
            assertThat(owned).hasSize(6);
            consumers.forEach(KafkaConsumer::commitSync);

            // One leaves: the other two take over its partitions.
            consumers.remove(0).close();
            produce(topic, firstBatch, 300);
            pollUntil(consumers, seen, () -> seen.size() == firstBatch + 300
                    && consumers.stream().mapToInt(c -> c.assignment().size()).sum() == 6);
            consumers.forEach(KafkaConsumer::commitSync);
        } finally {
            consumers.forEach(KafkaConsumer::close);
        }

        // A new member of the group resumes at the committed offsets: it sees only what came later.
        produce(topic, 900, 100);
        try (KafkaConsumer<String, String> late = Clients.consumer(broker.bootstrap(), group, config)) {
            late.subscribe(List.of(topic));
            List<String> values = new ArrayList<>();
            long end = System.currentTimeMillis() + 30_000;
            while (values.size() < 100 && System.currentTimeMillis() < end) {
                late.poll(Duration.ofMillis(200)).forEach(r -> values.add(r.value()));
            }
            late.poll(Duration.ofMillis(500)).forEach(r -> values.add(r.value()));
            assertThat(values).hasSize(100).allMatch(v -> Integer.parseInt(v) >= 900);
        }
    }

    private static void produce(String topic, int from, int count) throws Exception {
        try (KafkaProducer<String, String> p = Clients.producer(broker.bootstrap())) {
            for (int i = from; i < from + count; i++) {
                p.send(new ProducerRecord<>(topic, "k" + i, String.valueOf(i)));
            }
            p.flush();
        }
    }

    private static void pollUntil(List<KafkaConsumer<String, String>> consumers, Set<String> seen, java.util.function.BooleanSupplier done) {
        long end = System.currentTimeMillis() + 60_000;
        while (!done.getAsBoolean()) {
            assertThat(System.currentTimeMillis()).as("group settled in time").isLessThan(end);
            for (KafkaConsumer<String, String> c : consumers) {
                ConsumerRecords<String, String> records = c.poll(Duration.ofMillis(50));
                for (ConsumerRecord<String, String> r : records) {
                    seen.add(r.value());
                }
            }
        }
    }
}
