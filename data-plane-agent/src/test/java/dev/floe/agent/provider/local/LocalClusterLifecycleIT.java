package dev.floe.agent.provider.local;

import static org.assertj.core.api.Assertions.assertThat;

import dev.floe.agent.controlplane.ClusterStatus;
import dev.floe.agent.controlplane.Condition;
import dev.floe.agent.controlplane.DesiredCluster;
import dev.floe.agent.controlplane.TierSpec;
import dev.floe.agent.health.JdbcCatalogObservations;
import dev.floe.agent.health.KafkaClusterHealthCheck;
import dev.floe.agent.provider.S3Buckets;
import dev.floe.agent.reconcile.ClusterLocks;
import dev.floe.agent.reconcile.ClusterPlanner;
import dev.floe.agent.reconcile.ClusterRecords;
import dev.floe.agent.reconcile.ProvisionCluster;
import dev.floe.agent.reconcile.ReconcileContext;
import dev.floe.agent.reconcile.TeardownCluster;
import dev.floe.agent.state.StateDirectory;
import dev.floe.agent.support.Processes;
import dev.floe.agent.support.RecordingSink;
import dev.floe.agent.support.Specs;
import dev.floe.agent.support.StandInBrokerJar;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * The local provider end to end, below the control plane: real broker processes (a stand-in honouring the broker
 * launch contract), a real S3 API server, a real PostgreSQL; create, heal, scale 3 → 5 → 3, delete.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class LocalClusterLifecycleIT {

    private static final String CLUSTER = "7c0ffee0-0000-4000-8000-000000000001";

    @TempDir
    static Path dir;
    private StateDirectory state;
    private LocalProvider provider;
    private RecordingSink sink;
    private ProvisionCluster provision;
    private TeardownCluster teardown;

    @BeforeAll
    void start() throws Exception {
        state = new StateDirectory(dir.resolve("state"));
        Path jar = StandInBrokerJar.build(dir.resolve("broker"));
        provider = new LocalProvider(state, jar, null, "-Xmx64m -XX:TieredStopAtLevel=1", "127.0.0.1",
                Duration.ofSeconds(10));
        sink = new RecordingSink();
        ClusterLocks locks = new ClusterLocks();
        ClusterRecords records = new ClusterRecords(state);
        provision = new ProvisionCluster(locks, records, sink, new KafkaClusterHealthCheck(new JdbcCatalogObservations()),
                new JdbcCatalogObservations(), Duration.ofSeconds(60), Clock.systemUTC());
        teardown = new TeardownCluster(locks, records, sink, Clock.systemUTC());
    }

    @AfterAll
    void stop() {
        // whatever a failed assertion left running goes too
        for (int node = 1; node <= 5; node++) {
            Path pid = brokerDir(node).resolve("pid");
            if (Files.exists(pid)) {
                ProcessHandle.of(Processes.pid(pid)).ifPresent(ProcessHandle::destroyForcibly);
            }
        }
        provider.stopLocal();
        provider.close();
    }

    private ClusterStatus reconcile(DesiredCluster cluster) {
        ReconcileContext context = new ReconcileContext(Specs.localEnvironment(), cluster, provider);
        return cluster.deleting() ? teardown.reconcile(context) : provision.reconcile(context);
    }

    private Path brokerDir(int node) {
        return state.resolve("local/brokers/" + CLUSTER + "/" + node);
    }

    private Path walDir(int node) {
        return state.resolve("local/volumes/" + CLUSTER + "/" + ClusterPlanner.volumeName(CLUSTER, node) + "/data");
    }

    private long brokerPid(int node) {
        return Processes.pid(brokerDir(node).resolve("pid"));
    }

    @Test
    void createsHealsScalesAndDeletesAClusterLeavingNothingBehind() throws Exception {
        ClusterStatus created = reconcile(Specs.cluster(CLUSTER, 1, "op-create", 3));
        assertThat(created.phase()).isEqualTo("RUNNING");
        assertThat(created.brokers()).hasSize(3).extracting(b -> b.state()).containsOnly("UP");
        assertThat(created.bootstrapServers().split(",")).hasSize(3).doesNotHaveDuplicates();
        assertThat(sink.steps("op-create", "SUCCEEDED")).containsExactly("validateSpec", "ensureCatalog",
                "ensureBucket", "ensureIam", "ensureVolumes", "ensureBrokers", "awaitReady", "reportStatus");
        String bucket = ClusterPlanner.bucketName("demo", CLUSTER);
        assertThat(((S3Buckets) provider.buckets()).exists(bucket)).isTrue();
        assertThat(databaseExists(ClusterPlanner.databaseName(CLUSTER))).isTrue();
        List<Long> pids = List.of(brokerPid(1), brokerPid(2), brokerPid(3));

        // A second pass over the same generation adopts everything and starts nothing.
        int eventsBefore = sink.events().size();
        assertThat(reconcile(Specs.cluster(CLUSTER, 1, "op-create", 3)).phase()).isEqualTo("RUNNING");
        assertThat(List.of(brokerPid(1), brokerPid(2), brokerPid(3))).isEqualTo(pids);
        for (int node = 1; node <= 3; node++) {
            assertThat(Processes.launches(walDir(node))).hasSize(1);
        }
        assertThat(sink.events()).hasSize(eventsBefore); // a finished generation is reconciled silently

        // A broker that hangs is reported DEGRADED with the reason; once it answers again, RUNNING.
        ProvisionCluster impatient = new ProvisionCluster(new ClusterLocks(), new ClusterRecords(state), sink,
                new KafkaClusterHealthCheck(new JdbcCatalogObservations()), new JdbcCatalogObservations(),
                Duration.ofSeconds(1), Clock.systemUTC());
        Processes.signal(pids.get(1), "STOP");
        try {
            ClusterStatus degraded = impatient.reconcile(new ReconcileContext(Specs.localEnvironment(),
                    Specs.cluster(CLUSTER, 1, "op-create", 3), provider));
            assertThat(degraded.phase()).isEqualTo("DEGRADED");
            Condition ready = degraded.conditions().stream().filter(c -> c.type().equals("Ready")).findFirst()
                    .orElseThrow();
            assertThat(ready.reason()).isEqualTo("BrokersDown");
            assertThat(ready.message()).contains("2/3 brokers up").contains("broker 2:");
        } finally {
            Processes.signal(pids.get(1), "CONT");
        }
        assertThat(reconcile(Specs.cluster(CLUSTER, 1, "op-create", 3)).phase()).isEqualTo("RUNNING");

        // A broker killed outright is replaced, with the same WAL volume and the same port.
        String portBefore = created.bootstrapServers().split(",")[2];
        Processes.signal(pids.get(2), "KILL");
        ClusterStatus healed = reconcile(Specs.cluster(CLUSTER, 1, "op-create", 3));
        assertThat(healed.phase()).isEqualTo("RUNNING");
        assertThat(brokerPid(3)).isNotEqualTo(pids.get(2));
        assertThat(Processes.launches(walDir(3))).hasSize(2);
        assertThat(healed.bootstrapServers().split(",")[2]).isEqualTo(portBefore);
        try (Stream<Path> kept = Files.list(state.resolve("local/logs/" + CLUSTER))) {
            assertThat(kept.map(p -> p.getFileName().toString())).as("the dead broker's log outlives its replacement")
                    .singleElement().satisfies(name -> assertThat(name).startsWith("broker-3-").endsWith(".log"));
        }

        // Scale out and back in.
        ClusterStatus five = reconcile(Specs.cluster(CLUSTER, 2, "op-scale-out", 5));
        assertThat(five.phase()).isEqualTo("RUNNING");
        assertThat(five.observedGeneration()).isEqualTo(2);
        assertThat(five.brokers()).hasSize(5);
        long pid5 = brokerPid(5);
        ClusterStatus three = reconcile(Specs.cluster(CLUSTER, 3, "op-scale-in", 3));
        assertThat(three.phase()).isEqualTo("RUNNING");
        assertThat(three.brokers()).extracting(b -> b.nodeId()).containsExactly(1, 2, 3);
        assertThat(Processes.alive(pid5)).isFalse();
        assertThat(walDir(4)).doesNotExist();
        assertThat(walDir(5)).doesNotExist();
        assertThat(Processes.launches(walDir(1))).hasSize(1);

        // Delete: every process, directory, bucket and database is gone.
        List<Long> last = List.of(brokerPid(1), brokerPid(2), brokerPid(3));
        ClusterStatus deleted = reconcile(Specs.deleting(Specs.cluster(CLUSTER, 3, null, 3), 4, "op-delete"));
        assertThat(deleted.deleted()).isTrue();
        assertThat(sink.steps("op-delete", "SUCCEEDED")).containsExactly("stopBrokers", "deleteVolumes", "deleteIam",
                "deleteBucket", "deleteCatalog", "reportStatus");
        assertThat(last).noneMatch(Processes::alive);
        assertThat(state.resolve("local/brokers/" + CLUSTER)).doesNotExist();
        assertThat(state.resolve("local/volumes/" + CLUSTER)).doesNotExist();
        assertThat(state.resolve("local/logs/" + CLUSTER)).doesNotExist();
        assertThat(((S3Buckets) provider.buckets()).exists(bucket)).isFalse();
        assertThat(databaseExists(ClusterPlanner.databaseName(CLUSTER))).isFalse();
        assertThat(state.resolve("clusters/" + CLUSTER + ".json")).doesNotExist();

        // Deleting again (the control plane may ask twice) is harmless.
        assertThat(reconcile(Specs.deleting(Specs.cluster(CLUSTER, 3, null, 3), 4, "op-delete")).deleted()).isTrue();
    }

    @Test
    void stopLocalStopsEveryProcessAndTheNextPassBringsTheClusterBackAsItWas() {
        String id = "7c0ffee0-0000-4000-8000-0000000000d0";
        ClusterStatus before = reconcile(Specs.cluster(id, 1, "op-down", 2));
        assertThat(before.phase()).isEqualTo("RUNNING");
        List<Long> pids = List.of(Processes.pid(state.resolve("local/brokers/" + id + "/1/pid")),
                Processes.pid(state.resolve("local/brokers/" + id + "/2/pid")));

        provider.stopLocal();
        assertThat(pids).noneMatch(Processes::alive);
        assertThat(state.resolve("local/postgres/postmaster.pid")).doesNotExist();

        ClusterStatus after = reconcile(Specs.cluster(id, 1, "op-down", 2));
        assertThat(after.phase()).isEqualTo("RUNNING");
        assertThat(after.bootstrapServers()).isEqualTo(before.bootstrapServers());
        assertThat(reconcile(Specs.deleting(Specs.cluster(id, 1, null, 2), 2, "op-down-delete")).deleted()).isTrue();
    }

    @Test
    void aClusterWithAnUnknownTierFailsClearlyAndProvisionsNothing() throws Exception {
        String id = "7c0ffee0-0000-4000-8000-00000000bad0";
        DesiredCluster good = Specs.cluster(id, 1, "op-bad", 3);
        DesiredCluster unknownTier = new DesiredCluster(id, "bad", 1, false, "op-bad",
                new TierSpec("platinum", null, null, null, null, null, null), good.spec());
        ClusterStatus status = reconcile(unknownTier);
        assertThat(status.phase()).isEqualTo("FAILED");
        assertThat(status.conditions().get(0).reason()).isEqualTo("InvalidSpec");
        assertThat(status.conditions().get(0).message()).contains("unknown tier 'platinum'");
        assertThat(sink.steps("op-bad", "FAILED")).containsExactly("validateSpec");
        assertThat(sink.steps("op-bad", "SUCCEEDED")).containsExactly("reportStatus");
        assertThat(state.resolve("local/brokers/" + id)).doesNotExist();
        assertThat(state.resolve("local/volumes/" + id)).doesNotExist();
        assertThat(((S3Buckets) provider.buckets()).exists(ClusterPlanner.bucketName("bad", id))).isFalse();
        assertThat(databaseExists(ClusterPlanner.databaseName(id))).isFalse();
    }

    private boolean databaseExists(String name) throws Exception {
        @SuppressWarnings("unchecked")
        Map<String, Map<String, Integer>> ports = StateDirectory.mapper().readValue(
                state.resolve("local/ports.json").toFile(), Map.class);
        int port = ports.get("ports").get("postgres");
        try (Connection c = DriverManager.getConnection("jdbc:postgresql://127.0.0.1:" + port + "/postgres",
                "postgres", "");
             ResultSet rs = c.createStatement().executeQuery(
                     "SELECT 1 FROM pg_database WHERE datname = '" + name + "'")) {
            return rs.next();
        }
    }
}
