package dev.floe.broker.it;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
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

    @Test
    void aGracefulStopUploadsEverythingAndMarksTheWalCleanSoARestartHasNothingToReplay() throws Exception {
        try (TestCluster cluster = SharedInfrastructure.get().newCluster("graceful")
                .with("FLOE_UPLOAD_INTERVAL_MS", "600000").with("FLOE_UPLOAD_BYTES", String.valueOf(64L * 1024 * 1024))) {
            BrokerProcess broker = cluster.start(1);
            Clients.createTopic(broker.bootstrap(), "invoices", 3);
            try (KafkaProducer<String, String> producer = Clients.producer(broker.bootstrap())) {
                for (int i = 0; i < 500; i++) {
                    producer.send(new ProducerRecord<>("invoices", "k" + i, "v" + i));
                }
                producer.flush();
            }
            broker.stop();
            try (Connection c = DriverManager.getConnection(cluster.jdbcUrl(), "postgres", "");
                 Statement st = c.createStatement()) {
                try (ResultSet rs = st.executeQuery("select state, wal_clean from brokers where node_id = 1")) {
                    assertThat(rs.next()).isTrue();
                    assertThat(rs.getString(1)).isEqualTo("STOPPED");
                    assertThat(rs.getBoolean(2)).isTrue();
                }
                try (ResultSet rs = st.executeQuery(
                        "select coalesce(sum(uploaded_end_offset), 0) from partitions p join topics t using (topic_id) where t.name = 'invoices'")) {
                    rs.next();
                    assertThat(rs.getLong(1)).as("everything acknowledged is in the bucket").isEqualTo(500);
                }
            }
            BrokerProcess restarted = cluster.start(1);
            assertThat(Files.readString(cluster.dir.resolve("broker-1.log"))).doesNotContain("recovered");
            assertThat(Clients.readAll(restarted.bootstrap(), "invoices", 500, Duration.ofSeconds(30))).hasSize(500);
        }
    }
}
