package dev.floe.broker.it;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Object;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BooleanSupplier;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/** Compaction, retention and garbage collection of bucket objects, observed through the catalog and the bucket. */
class StorageLifecycleIT {

    @Test
    void smallObjectsOfAPartitionAreMergedAndEverythingStaysReadableInOrder() throws Exception {
        try (TestCluster cluster = SharedInfrastructure.get().newCluster("compact")
                .with("FLOE_UPLOAD_INTERVAL_MS", "50")
                .with("FLOE_RETENTION_CHECK_INTERVAL_MS", "300")
                .with("FLOE_COMPACTION_SMALL_OBJECT_BYTES", String.valueOf(1024 * 1024))
                .with("FLOE_COMPACTION_MIN_AGE_MS", "0")
                .with("FLOE_CACHE_BYTES", "1")) {
            BrokerProcess broker = cluster.start(1);
            Clients.createTopic(broker.bootstrap(), "ledger", 1);
            int rounds = 12;
            int perRound = 50;
            try (KafkaProducer<String, String> p = Clients.producer(broker.bootstrap())) {
                for (int r = 0; r < rounds; r++) {
                    for (int i = 0; i < perRound; i++) {
                        p.send(new ProducerRecord<>("ledger", "k", String.valueOf(r * perRound + i)));
                    }
                    p.flush();
                    int expectedUploads = r + 1;
                    awaitCatalog(cluster, "select coalesce(max(end_offset), 0) from ranges", v -> v >= (long) expectedUploads * perRound);
                }
            }
            awaitCatalog(cluster, "select count(*) from ranges", v -> v <= 2);
            List<ConsumerRecord<String, String>> read = Clients.readAll(broker.bootstrap(), "ledger", rounds * perRound, Duration.ofSeconds(30));
            assertThat(read).extracting(ConsumerRecord::value)
                    .containsExactlyElementsOf(java.util.stream.IntStream.range(0, rounds * perRound).mapToObj(String::valueOf).toList());
        }
    }

    @Test
    void retentionDropsOldRangesAndTheCollectorDeletesTheirObjects() throws Exception {
        try (TestCluster cluster = SharedInfrastructure.get().newCluster("retain")
                .with("FLOE_UPLOAD_INTERVAL_MS", "50")
                .with("FLOE_RETENTION_CHECK_INTERVAL_MS", "300")
                .with("FLOE_COMPACTION_SMALL_OBJECT_BYTES", "0")
                .with("FLOE_ORPHAN_GRACE_MS", "500")) {
            BrokerProcess broker = cluster.start(1);
            try (Admin admin = Clients.admin(broker.bootstrap())) {
                admin.createTopics(List.of(new NewTopic("metrics", 1, (short) 1)
                        .configs(Map.of("retention.bytes", "20000")))).all().get();
            }
            try (KafkaProducer<String, String> p = Clients.producer(broker.bootstrap())) {
                for (int r = 0; r < 8; r++) {
                    for (int i = 0; i < 10; i++) {
                        p.send(new ProducerRecord<>("metrics", "k", "x".repeat(1000)));
                    }
                    p.flush();
                    int expected = (r + 1) * 10;
                    awaitCatalog(cluster, "select coalesce(max(end_offset), 0) from ranges", v -> v >= expected);
                }
            }
            TopicPartition tp = new TopicPartition("metrics", 0);
            try (KafkaConsumer<String, String> c = Clients.consumer(broker.bootstrap(), null, Map.of())) {
                // Retention runs every 300 ms: wait until it moved the start and then left it alone.
                long[] last = {-1};
                await(() -> {
                    long now = c.beginningOffsets(List.of(tp)).get(tp);
                    boolean settled = now > 0 && now == last[0];
                    last[0] = now;
                    sleepQuietly(1000);
                    return settled;
                }, "log start moved by retention and settled");
                long start = last[0];
                assertThat(start).isLessThan(80);
                assertThat(c.endOffsets(List.of(tp)).get(tp)).isEqualTo(80);
                List<ConsumerRecord<String, String>> left = Clients.readAll(broker.bootstrap(), "metrics", (int) (80 - start), Duration.ofSeconds(20));
                assertThat(left).hasSize((int) (80 - start));
                assertThat(left.get(0).offset()).isEqualTo(start);
            }
            // Eventually the bucket holds exactly the objects the catalog still references.
            await(() -> bucketKeys(cluster).equals(referencedKeys(cluster)), "unreferenced objects deleted");
        }
    }

    @Test
    void moreDataThanOneObjectHoldsGoesOutInSeveralCappedObjectsAndStaysReadable() throws Exception {
        long cap = 256 * 1024;
        try (TestCluster cluster = SharedInfrastructure.get().newCluster("capped")
                // nothing is uploaded while producing: all of it waits for the graceful stop's hand-back
                .with("FLOE_UPLOAD_BYTES", String.valueOf(1L << 30))
                .with("FLOE_UPLOAD_INTERVAL_MS", "600000")
                .with("FLOE_UPLOAD_MAX_OBJECT_BYTES", String.valueOf(cap))
                .with("FLOE_COMPACTION_SMALL_OBJECT_BYTES", "0")) {
            BrokerProcess broker = cluster.start(1);
            Clients.createTopic(broker.bootstrap(), "bulk", 2);
            int records = 2_000;
            try (KafkaProducer<String, String> p = Clients.producer(broker.bootstrap())) {
                for (int i = 0; i < records; i++) {
                    p.send(new ProducerRecord<>("bulk", String.valueOf(i % 2), i + ":" + "x".repeat(1000)));
                }
                p.flush();
            }
            assertThat(count(cluster, "select count(*) from objects")).as("nothing uploaded before the stop").isZero();

            broker.stop();
            long objects = count(cluster, "select count(*) from objects");
            long largest = count(cluster, "select max(size_bytes) from objects");
            assertThat(objects).as("about 2 MB in objects of at most 256 KiB").isGreaterThanOrEqualTo(8);
            assertThat(largest).as("largest object: one batch may overshoot the cap, the index adds a little")
                    .isLessThan(cap + 64 * 1024);

            broker = cluster.start(1);
            List<ConsumerRecord<String, String>> read = Clients.readAll(broker.bootstrap(), "bulk", records, Duration.ofSeconds(30));
            assertThat(read).extracting(r -> Integer.parseInt(r.value().substring(0, r.value().indexOf(':'))))
                    .containsExactlyInAnyOrderElementsOf(java.util.stream.IntStream.range(0, records).boxed().toList());
        }
    }

    private static long count(TestCluster cluster, String sql) throws Exception {
        try (Connection c = DriverManager.getConnection(cluster.jdbcUrl(), "postgres", "");
             Statement st = c.createStatement();
             ResultSet rs = st.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static Set<String> bucketKeys(TestCluster cluster) {
        SharedInfrastructure infra = SharedInfrastructure.get();
        try (S3Client s3 = S3Client.builder().endpointOverride(infra.s3.endpoint()).region(Region.of(infra.s3.region()))
                .forcePathStyle(true)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(infra.s3.accessKey(), infra.s3.secretKey())))
                .build()) {
            return s3.listObjectsV2Paginator(b -> b.bucket(cluster.id)).contents().stream().map(S3Object::key).collect(Collectors.toSet());
        }
    }

    private static Set<String> referencedKeys(TestCluster cluster) {
        Set<String> keys = new HashSet<>();
        try (Connection c = DriverManager.getConnection(cluster.jdbcUrl(), "postgres", "");
             Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("select distinct object_key from ranges")) {
            while (rs.next()) {
                keys.add(rs.getString(1));
            }
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
        return keys;
    }

    private static void awaitCatalog(TestCluster cluster, String sql, java.util.function.LongPredicate ok) {
        await(() -> {
            try (Connection c = DriverManager.getConnection(cluster.jdbcUrl(), "postgres", "");
                 Statement st = c.createStatement();
                 ResultSet rs = st.executeQuery(sql)) {
                rs.next();
                return ok.test(rs.getLong(1));
            } catch (Exception e) {
                return false;
            }
        }, sql);
    }

    private static void sleepQuietly(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void await(BooleanSupplier condition, String what) {
        long end = System.currentTimeMillis() + 30_000;
        while (!condition.getAsBoolean()) {
            assertThat(System.currentTimeMillis()).as("waiting for: " + what).isLessThan(end);
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
    }
}
