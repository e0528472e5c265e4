package dev.floe.broker.it;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Future;

import static org.assertj.core.api.Assertions.assertThat;

class CrashRecoveryIT {

    @Test
    void acknowledgedRecordsSurviveSigkillAndAreReadExactlyOnceAfterRestart() throws Exception {
        try (TestCluster cluster = SharedInfrastructure.get().newCluster("crash")
                // uploads rarely, so most acknowledged data lives only in the WAL when the broker dies
                .with("FLOE_UPLOAD_INTERVAL_MS", "600000").with("FLOE_UPLOAD_BYTES", String.valueOf(64L * 1024 * 1024))) {
            BrokerProcess broker = cluster.start(1);
            Clients.createTopic(broker.bootstrap(), "orders", 6);
            int count = 3000;
            Set<String> acknowledged = new HashSet<>();
            try (KafkaProducer<String, String> producer = Clients.producer(broker.bootstrap())) {
                List<Future<RecordMetadata>> sent = new ArrayList<>();
                for (int i = 0; i < count; i++) {
                    sent.add(producer.send(new ProducerRecord<>("orders", "k" + i, "v" + i)));
                }
                for (int i = 0; i < count; i++) {
                    sent.get(i).get();
                    acknowledged.add("v" + i);
                }
                broker.kill();
            }
            BrokerProcess restarted = cluster.start(1);
            List<ConsumerRecord<String, String>> read = Clients.readAll(restarted.bootstrap(), "orders", count, Duration.ofSeconds(60));
            List<String> values = read.stream().map(ConsumerRecord::value).toList();
            assertThat(values).hasSize(count);
            assertThat(new HashSet<>(values)).isEqualTo(acknowledged);

            // The log continues after the recovered offsets.
            try (KafkaProducer<String, String> producer = Clients.producer(restarted.bootstrap())) {
                producer.send(new ProducerRecord<>("orders", "k0", "after-restart")).get();
            }
            List<ConsumerRecord<String, String>> again = Clients.readAll(restarted.bootstrap(), "orders", count + 1, Duration.ofSeconds(30));
            assertThat(again).hasSize(count + 1);
        }
    }
}
