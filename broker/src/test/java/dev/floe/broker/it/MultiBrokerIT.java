package dev.floe.broker.it;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartitionInfo;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

class MultiBrokerIT {

    @Test
    void threeBrokersShareOneCatalogAndBucketAndClientsFollowOwnersThroughAGracefulStop() throws Exception {
        try (TestCluster cluster = SharedInfrastructure.get().newCluster("multi")) {
            BrokerProcess b1 = cluster.start(1);
            BrokerProcess b2 = cluster.start(2);
            BrokerProcess b3 = cluster.start(3);
            String bootstrap = cluster.bootstrap();
            Clients.createTopic(b2.bootstrap(), "telemetry", 9);
            try (Admin admin = Clients.admin(bootstrap)) {
                assertThat(admin.describeCluster().nodes().get()).hasSize(3);
                TopicDescription d = admin.describeTopics(List.of("telemetry")).allTopicNames().get().get("telemetry");
                Set<Integer> leaders = new HashSet<>();
                for (TopicPartitionInfo p : d.partitions()) {
                    leaders.add(p.leader().id());
                }
                assertThat(leaders).containsExactlyInAnyOrder(1, 2, 3);
            }

            int count = 3000;
            try (KafkaProducer<String, String> producer = Clients.producer(bootstrap)) {
                for (int i = 0; i < count / 2; i++) {
                    producer.send(new ProducerRecord<>("telemetry", "k" + i, String.valueOf(i)));
                }
                producer.flush();
                // Broker 3 leaves gracefully: its partitions are uploaded and handed over while we keep producing.
                b3.stop();
                for (int i = count / 2; i < count; i++) {
                    producer.send(new ProducerRecord<>("telemetry", "k" + i, String.valueOf(i)));
                }
                producer.flush();
            }

            List<ConsumerRecord<String, String>> read = Clients.readAll(b1.bootstrap() + "," + b2.bootstrap(), "telemetry", count,
                    Duration.ofSeconds(60));
            assertThat(read.stream().map(ConsumerRecord::value).toList()).hasSize(count).doesNotHaveDuplicates();
            try (Admin admin = Clients.admin(b1.bootstrap())) {
                TopicDescription d = admin.describeTopics(List.of("telemetry")).allTopicNames().get().get("telemetry");
                assertThat(d.partitions()).allSatisfy(p -> assertThat(p.leader().id()).isIn(1, 2));
            }
        }
    }

    @Test
    void aCrashedBrokersPartitionsWaitForItsWalAndComeBackWithEveryAcknowledgedRecord() throws Exception {
        try (TestCluster cluster = SharedInfrastructure.get().newCluster("multicrash")
                .with("FLOE_UPLOAD_INTERVAL_MS", "600000").with("FLOE_UPLOAD_BYTES", String.valueOf(64L * 1024 * 1024))) {
            BrokerProcess b1 = cluster.start(1);
            BrokerProcess b2 = cluster.start(2);
            Clients.createTopic(b1.bootstrap(), "ledger", 4);
            int count = 2000;
            try (KafkaProducer<String, String> producer = Clients.producer(b1.bootstrap() + "," + b2.bootstrap())) {
                for (int i = 0; i < count; i++) {
                    producer.send(new ProducerRecord<>("ledger", "k" + i, String.valueOf(i)));
                }
                producer.flush();
            }
            b2.kill(); // its acknowledged records exist only in its WAL
            // The survivor must not take over: the data is not in the bucket yet.
            Thread.sleep(4000);
            try (Admin admin = Clients.admin(b1.bootstrap())) {
                TopicDescription d = admin.describeTopics(List.of("ledger")).allTopicNames().get().get("ledger");
                assertThat(d.partitions()).anySatisfy(p -> assertThat(p.leader()).isNull());
            }
            BrokerProcess back = cluster.start(2);
            List<ConsumerRecord<String, String>> read = Clients.readAll(b1.bootstrap() + "," + back.bootstrap(), "ledger", count,
                    Duration.ofSeconds(60));
            assertThat(read.stream().map(ConsumerRecord::value).toList()).hasSize(count).doesNotHaveDuplicates();
        }
    }
}
