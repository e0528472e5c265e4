package dev.floe.broker.it;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.List;
import java.util.function.Predicate;

import static org.assertj.core.api.Assertions.assertThat;

/** A broker reports the record bytes it took in through Produce and sent out through Fetch to the catalog. */
class BrokerTrafficIT {

    private record Row(long inTotal, long outTotal, double inPerSec, double outPerSec, boolean sampled) {
    }

    @Test
    void catalogCountersGrowByAtLeastTheProducedAndFetchedBytes() throws Exception {
        try (TestCluster cluster = SharedInfrastructure.get().newCluster("traffic")) {
            BrokerProcess broker = cluster.start(1);
            Clients.createTopic(broker.bootstrap(), "metered", 2);
            Row before = read(cluster, 1);
            assertThat(before.inTotal()).isZero();
            assertThat(before.outTotal()).isZero();

            int count = 400;
            String value = "v".repeat(1000);
            long payload = (long) count * value.length(); // record bytes are at least the values (no compression)
            try (KafkaProducer<String, String> producer = Clients.producer(broker.bootstrap())) {
                for (int i = 0; i < count; i++) {
                    producer.send(new ProducerRecord<>("metered", "k" + i, value));
                }
                producer.flush();
            }
            Row produced = await(cluster, r -> r.inTotal() >= payload);
            assertThat(produced.inTotal()).isGreaterThanOrEqualTo(payload);
            // The sample that first shows these bytes covers the time they arrived in, so its rate is positive.
            assertThat(produced.inPerSec()).isGreaterThan(0.0);
            assertThat(produced.sampled()).isTrue();

            List<ConsumerRecord<String, String>> read = Clients.readAll(broker.bootstrap(), "metered", count, Duration.ofSeconds(60));
            assertThat(read).hasSize(count);
            Row fetched = await(cluster, r -> r.outTotal() >= payload);
            assertThat(fetched.outTotal()).isGreaterThanOrEqualTo(payload);
            assertThat(fetched.outPerSec()).isGreaterThan(0.0);
            assertThat(fetched.inTotal()).isGreaterThanOrEqualTo(produced.inTotal());
        }
    }

    /** Polls the catalog until the broker's renewal carries the expected counters; bounded, the last row is asserted. */
    private static Row await(TestCluster cluster, Predicate<Row> done) throws Exception {
        long end = System.currentTimeMillis() + 30_000;
        Row row = read(cluster, 1);
        while (!done.test(row) && System.currentTimeMillis() < end) {
            Thread.sleep(200);
            row = read(cluster, 1);
        }
        return row;
    }

    private static Row read(TestCluster cluster, int nodeId) throws Exception {
        try (Connection c = DriverManager.getConnection(cluster.jdbcUrl(), "postgres", "");
             PreparedStatement ps = c.prepareStatement("""
                     select bytes_in_total, bytes_out_total, bytes_in_per_sec, bytes_out_per_sec, traffic_sampled_at is not null
                     from brokers where node_id = ?""")) {
            ps.setInt(1, nodeId);
            try (ResultSet rs = ps.executeQuery()) {
                assertThat(rs.next()).as("broker %d registered", nodeId).isTrue();
                return new Row(rs.getLong(1), rs.getLong(2), rs.getDouble(3), rs.getDouble(4), rs.getBoolean(5));
            }
        }
    }
}
