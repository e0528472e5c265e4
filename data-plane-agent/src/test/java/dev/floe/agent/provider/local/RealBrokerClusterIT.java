package dev.floe.agent.provider.local;

import static org.assertj.core.api.Assertions.assertThat;

import dev.floe.agent.support.RealBrokerJar;
import dev.floe.agent.controlplane.ClusterStatus;
import dev.floe.agent.controlplane.DesiredCluster;
import dev.floe.agent.health.JdbcCatalogObservations;
import dev.floe.agent.health.KafkaClusterHealthCheck;
import dev.floe.agent.provider.CatalogConnection;
import dev.floe.agent.provider.S3Buckets;
import dev.floe.agent.reconcile.ClusterLocks;
import dev.floe.agent.reconcile.ClusterPlanner;
import dev.floe.agent.reconcile.ClusterRecords;
import dev.floe.agent.reconcile.ProvisionCluster;
import dev.floe.agent.reconcile.ReconcileContext;
import dev.floe.agent.reconcile.TeardownCluster;
import dev.floe.agent.state.StateDirectory;
import dev.floe.agent.support.RecordingSink;
import dev.floe.agent.support.Specs;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The local provider with the real broker ({@code broker/target/floe-broker.jar}): the agent provisions a 3-broker
 * cluster that Kafka clients produce to and consume from, sees each broker's catalog lease, and deletes it all.
 */
class RealBrokerClusterIT {

    private static final String CLUSTER = "4ea1b40c-0000-4000-8000-000000000003";

    @TempDir
    Path dir;
    private LocalProvider provider;
    private StateDirectory state;

    @BeforeEach
    void start() {
        state = new StateDirectory(dir.resolve("state"));
        provider = RealBrokerJar.localProvider(state);
    }

    @AfterEach
    void stop() {
        if (provider != null) {
            provider.instances().describe(CLUSTER).forEach(provider.instances()::terminate);
            provider.stopLocal();
            provider.close();
        }
    }

    @Test
    void provisionsAClusterThatKafkaClientsProduceToAndConsumeFromThenDeletesIt() throws Exception {
        RecordingSink sink = new RecordingSink();
        ClusterLocks locks = new ClusterLocks();
        ClusterRecords records = new ClusterRecords(state);
        JdbcCatalogObservations leases = new JdbcCatalogObservations();
        ProvisionCluster provision = new ProvisionCluster(locks, records, sink, new KafkaClusterHealthCheck(leases), leases,
                Duration.ofSeconds(120), Clock.systemUTC());
        DesiredCluster cluster = Specs.cluster(CLUSTER, 1, "op-create", 3);

        ClusterStatus status = provision.reconcile(new ReconcileContext(Specs.localEnvironment(), cluster, provider));
        assertThat(status.phase()).as("status %s", status).isEqualTo("RUNNING");
        assertThat(status.brokers()).hasSize(3).extracting(b -> b.state()).containsOnly("UP");

        CatalogConnection catalog = provider.catalogs().ensure(
                ClusterPlanner.plan(Specs.localEnvironment(), cluster, "local").catalog());
        assertThat(leases.leases(catalog)).hasValueSatisfying(l -> assertThat(l).containsOnlyKeys(1, 2, 3)
                .containsValues(true).doesNotContainValue(false));

        List<String> sent = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            sent.add("record-" + i);
        }
        produce(status.bootstrapServers(), sent);
        assertThat(consume(status.bootstrapServers(), sent.size())).containsExactlyElementsOf(sent);

        // Brokers report traffic with their next lease renewal (about a second): wait for it, bounded.
        awaitTrafficReported(leases, catalog);
        // The next pass reports which broker owns how many partitions and the traffic of the last minute (catalog).
        ClusterStatus after = provision.reconcile(new ReconcileContext(Specs.localEnvironment(), cluster, provider));
        assertThat(after.brokers().stream().mapToInt(b -> b.partitions()).sum()).isGreaterThanOrEqualTo(1);
        assertThat(after.brokers().stream().mapToDouble(b -> b.bytesInPerSec()).sum()).as("status %s", after).isGreaterThan(0.0);
        assertThat(after.brokers().stream().mapToDouble(b -> b.bytesOutPerSec()).sum()).as("status %s", after).isGreaterThan(0.0);

        // A broker that dies instead of draining leaves a WAL that may hold acknowledged records not yet in the
        // bucket: scaling it away stops it but keeps its volume.
        long victim = dev.floe.agent.support.Processes.pid(state.resolve("local/brokers/" + CLUSTER + "/3/pid"));
        dev.floe.agent.support.Processes.signal(victim, "KILL");
        ClusterStatus two = provision.reconcile(new ReconcileContext(Specs.localEnvironment(),
                Specs.cluster(CLUSTER, 2, "op-scale-in", 2), provider));
        assertThat(two.brokers()).extracting(b -> b.nodeId()).containsExactly(1, 2);
        assertThat(sink.events()).anyMatch(e -> e.event().step().equals("ensureBrokers")
                && e.event().message() != null && e.event().message().contains("WAL volumes of brokers [3] kept"));
        assertThat(provider.volumes().list(CLUSTER)).extracting(v -> v.nodeId()).containsExactly(1, 2, 3);

        ClusterStatus deleted = new TeardownCluster(locks, records, sink, Clock.systemUTC()).reconcile(
                new ReconcileContext(Specs.localEnvironment(), Specs.deleting(cluster, 3, "op-delete"), provider));
        assertThat(deleted.deleted()).isTrue();
        assertThat(provider.instances().describe(CLUSTER)).isEmpty();
        assertThat(provider.volumes().list(CLUSTER)).isEmpty();
        assertThat(((S3Buckets) provider.buckets()).exists(ClusterPlanner.bucketName("demo", CLUSTER))).isFalse();
    }

    private static void awaitTrafficReported(JdbcCatalogObservations observations, CatalogConnection catalog)
            throws InterruptedException {
        long end = System.currentTimeMillis() + 30_000;
        while (System.currentTimeMillis() < end) {
            var traffic = observations.traffic(catalog).orElse(java.util.Map.of()).values();
            if (traffic.stream().anyMatch(t -> t.bytesInPerSec() > 0) && traffic.stream().anyMatch(t -> t.bytesOutPerSec() > 0)) {
                return;
            }
            Thread.sleep(200);
        }
    }

    private static void produce(String bootstrap, List<String> values) throws Exception {
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 60_000);
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(props, new StringSerializer(),
                new StringSerializer())) {
            for (String value : values) {
                producer.send(new ProducerRecord<>("orders", "k", value)).get();
            }
        }
    }

    private static List<String> consume(String bootstrap, int expected) {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        props.put(ConsumerConfig.GROUP_ID_CONFIG, "agent-it");
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        List<String> values = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(props, new StringDeserializer(),
                new StringDeserializer())) {
            consumer.subscribe(List.of("orders"));
            Instant deadline = Instant.now().plusSeconds(60);
            while (values.size() < expected && Instant.now().isBefore(deadline)) {
                for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(500))) {
                    values.add(record.value());
                }
            }
        }
        return values;
    }
}
