package dev.floe.agent.failover;

import static org.assertj.core.api.Assertions.assertThat;

import dev.floe.agent.controlplane.ClusterStatus;
import dev.floe.agent.controlplane.DesiredCluster;
import dev.floe.agent.health.JdbcCatalogObservations;
import dev.floe.agent.health.KafkaClusterHealthCheck;
import dev.floe.agent.provider.BrokerIdentities;
import dev.floe.agent.provider.BrokerInstance;
import dev.floe.agent.provider.BrokerInstances;
import dev.floe.agent.provider.Buckets;
import dev.floe.agent.provider.CatalogDatabases;
import dev.floe.agent.provider.Provider;
import dev.floe.agent.provider.ProviderException;
import dev.floe.agent.provider.Volume;
import dev.floe.agent.provider.VolumeSpec;
import dev.floe.agent.provider.WalVolumes;
import dev.floe.agent.provider.local.LocalProvider;
import dev.floe.agent.reconcile.ClusterLocks;
import dev.floe.agent.reconcile.ClusterPlanner;
import dev.floe.agent.reconcile.ClusterRecords;
import dev.floe.agent.reconcile.ProvisionCluster;
import dev.floe.agent.reconcile.ReconcileContext;
import dev.floe.agent.reconcile.WalMoveWatcher;
import dev.floe.agent.state.StateDirectory;
import dev.floe.agent.support.CatalogRows;
import dev.floe.agent.support.Processes;
import dev.floe.agent.support.RealBrokerJar;
import dev.floe.agent.support.RecordingSink;
import dev.floe.agent.support.Specs;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A WAL move that cannot happen, with real brokers: the provider refuses every recovery attach as EBS refuses one across
 * availability zones (the local provider never would, so a thin wrapper plays the cloud). The agent marks the move
 * FAILED at the first refusal, the controller asks for no other, and the agent restarts the dead broker on its own
 * volume after its patience: it replays its own WAL and every acknowledged record is still there.
 */
@Timeout(value = 4, unit = TimeUnit.MINUTES)
class FailedMoveIT {

    private static final String CLUSTER = "4ea1b40c-0000-4000-8000-0000000000fa";
    private static final String TOPIC = "zonal";
    private static final int PARTITIONS = 6;

    @TempDir
    Path dir;
    private LocalProvider local;
    private WalMoveWatcher watcher;

    @BeforeEach
    void start() {
        local = RealBrokerJar.localProvider(new StateDirectory(dir.resolve("state")));
    }

    @AfterEach
    void stop() {
        if (watcher != null) {
            watcher.close();
        }
        if (local != null) {
            local.instances().describe(CLUSTER).forEach(local.instances()::terminate);
            local.stopLocal();
            local.close();
        }
    }

    @Test
    void aMoveTheCloudRefusesIsFailedOnceAndTheBrokerComesBackOnItsOwnWalWithEveryAcknowledgedRecord()
            throws Exception {
        StateDirectory state = new StateDirectory(dir.resolve("state"));
        ClusterLocks locks = new ClusterLocks();
        watcher = new WalMoveWatcher(locks, new WalMoveRequests(), new ExitedBrokerFencer(new LaunchFences()), 250,
                List.of());
        JdbcCatalogObservations observations = new JdbcCatalogObservations();
        DesiredCluster cluster = Specs.cluster(CLUSTER, 1, "op-create", 3);
        ClusterStatus status = new ProvisionCluster(locks, new ClusterRecords(state), new RecordingSink(),
                new KafkaClusterHealthCheck(observations), observations, Duration.ofSeconds(120), Clock.systemUTC(),
                watcher).reconcile(new ReconcileContext(Specs.localEnvironment(), cluster, refusingMoves(local)));
        assertThat(status.phase()).as("status %s", status).isEqualTo("RUNNING");
        CatalogRows rows = new CatalogRows(local.catalogs().ensure(
                ClusterPlanner.plan(Specs.localEnvironment(), cluster, "local").catalog()));
        String bootstrap = status.bootstrapServers();
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", bootstrap))) {
            admin.createTopics(List.of(new NewTopic(TOPIC, PARTITIONS, (short) 1))).all().get(60, TimeUnit.SECONDS);
        }
        watcher.start();
        Set<String> acked = produce(bootstrap, 600);
        long incarnation = Long.parseLong(rows.value("select incarnation from brokers where node_id = 2"));

        Processes.signal(Processes.pid(state.resolve("local/brokers/" + CLUSTER + "/2/pid")), "KILL");
        Instant killed = Instant.now();

        String failed = rows.awaitValue("select state || ' | ' || message from wal_moves where failed_node = 2 "
                + "and state = 'FAILED'", Duration.ofSeconds(30));
        assertThat(failed).contains("agent gave up moving WAL volume", "VolumeInOtherZone",
                "node 2 is restarted on its own volume instead");
        rows.awaitValue("select 'up' from brokers where node_id = 2 and state = 'UP' and lease_expires_at > now() "
                + "and incarnation > " + incarnation, Duration.ofSeconds(120));
        System.out.printf("FAILED_MOVE kill->node 2 UP again on its own WAL %d ms%n",
                Duration.between(killed, Instant.now()).toMillis());
        assertThat(Duration.between(killed, Instant.now())).as("restarted in place after the patience, not before")
                .isGreaterThanOrEqualTo(Duration.ofSeconds(30));
        assertThat(rows.value("select count(*) from wal_moves where failed_node = 2"))
                .as("no other move was requested for that incarnation").isEqualTo("1");
        assertThat(consumeAll(bootstrap)).as("every acknowledged record").containsAll(acked);
    }

    /** The local provider, except that no WAL volume can be attached to another broker's instance. */
    private static Provider refusingMoves(LocalProvider local) {
        WalVolumes volumes = local.volumes();
        WalVolumes zonal = new WalVolumes() {
            @Override
            public List<Volume> list(String clusterId) {
                return volumes.list(clusterId);
            }

            @Override
            public Volume create(VolumeSpec spec) {
                return volumes.create(spec);
            }

            @Override
            public Volume attach(Volume volume, BrokerInstance instance) {
                return volumes.attach(volume, instance);
            }

            @Override
            public Volume detach(Volume volume, boolean force) {
                return volumes.detach(volume, force);
            }

            @Override
            public void delete(Volume volume) {
                volumes.delete(volume);
            }

            @Override
            public RecoveryAttachment attachForRecovery(Volume volume, BrokerInstance target) {
                throw new ProviderException("VolumeInOtherZone", "volume " + volume.id() + " cannot reach "
                        + target.instanceId() + " (the test's stand-in for an EBS volume in another zone)", false,
                        null);
            }
        };
        return new Provider() {
            @Override
            public String name() {
                return local.name();
            }

            @Override
            public CatalogDatabases catalogs() {
                return local.catalogs();
            }

            @Override
            public Buckets buckets() {
                return local.buckets();
            }

            @Override
            public BrokerIdentities identities() {
                return local.identities();
            }

            @Override
            public WalVolumes volumes() {
                return zonal;
            }

            @Override
            public BrokerInstances instances() {
                return local.instances();
            }
        };
    }

    private static Set<String> produce(String bootstrap, int records) throws Exception {
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        Set<String> acked = ConcurrentHashMap.newKeySet();
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(props, new StringSerializer(),
                new StringSerializer())) {
            List<Future<?>> sends = new ArrayList<>();
            for (int i = 0; i < records; i++) {
                String value = "r-" + i;
                sends.add(producer.send(new ProducerRecord<>(TOPIC, i % PARTITIONS, null, value), (md, e) -> {
                    if (e == null) {
                        acked.add(value);
                    }
                }));
            }
            for (Future<?> f : sends) {
                f.get(60, TimeUnit.SECONDS);
            }
        }
        return acked;
    }

    private static Set<String> consumeAll(String bootstrap) {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        Set<String> seen = new HashSet<>();
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(props, new StringDeserializer(),
                new StringDeserializer())) {
            List<TopicPartition> partitions = new ArrayList<>();
            for (int p = 0; p < PARTITIONS; p++) {
                partitions.add(new TopicPartition(TOPIC, p));
            }
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            Map<TopicPartition, Long> ends = consumer.endOffsets(partitions, Duration.ofSeconds(30));
            while (System.nanoTime() < deadline
                    && partitions.stream().anyMatch(tp -> consumer.position(tp) < ends.get(tp))) {
                for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(500))) {
                    seen.add(r.value());
                }
            }
        }
        return seen;
    }
}
