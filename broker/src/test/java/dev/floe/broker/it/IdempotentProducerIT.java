package dev.floe.broker.it;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Future;

import static org.assertj.core.api.Assertions.assertThat;

class IdempotentProducerIT {

    @Test
    void idempotentAcksAllRecordsAcrossManyPartitionsAreStoredOnceInSendOrder() throws Exception {
        try (TestCluster cluster = SharedInfrastructure.get().newCluster("idem")
                // a tiny cache forces consumers to read most data back from the bucket
                .with("FLOE_CACHE_BYTES", String.valueOf(256 * 1024))) {
            BrokerProcess broker = cluster.start(1);
            String topic = "payments";
            Clients.createTopic(broker.bootstrap(), topic, 24);
            int count = 20_000;
            Map<Integer, List<Long>> offsetsByPartition = new HashMap<>();
            try (KafkaProducer<String, String> producer = Clients.producer(broker.bootstrap())) {
                List<Future<RecordMetadata>> sent = new ArrayList<>();
                for (int i = 0; i < count; i++) {
                    sent.add(producer.send(new ProducerRecord<>(topic, "key-" + (i % 500), String.valueOf(i))));
                }
                for (Future<RecordMetadata> f : sent) {
                    RecordMetadata md = f.get();
                    offsetsByPartition.computeIfAbsent(md.partition(), p -> new ArrayList<>()).add(md.offset());
                }
            }
            assertThat(offsetsByPartition.keySet()).hasSizeGreaterThan(20);
            // Offsets acknowledged per partition are exactly 0..n-1: nothing skipped, nothing doubled.
            offsetsByPartition.forEach((p, offsets) -> {
                List<Long> sorted = offsets.stream().sorted().toList();
                for (int i = 0; i < sorted.size(); i++) {
                    assertThat(sorted.get(i)).isEqualTo(i);
                }
            });

            List<ConsumerRecord<String, String>> read = Clients.readAll(broker.bootstrap(), topic, count, Duration.ofSeconds(90));
            assertThat(read).hasSize(count);
            Map<String, Integer> lastPerKey = new HashMap<>();
            for (ConsumerRecord<String, String> r : read) {
                int value = Integer.parseInt(r.value());
                Integer previous = lastPerKey.put(r.key(), value);
                if (previous != null) {
                    assertThat(value).as("records of one key arrive in send order").isGreaterThan(previous);
                }
            }
        }
    }
}
