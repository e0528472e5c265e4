package dev.floe.agent.provider.aws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import dev.floe.agent.controlplane.DesiredCluster;
import dev.floe.agent.failover.ExitedBrokerFencer;
import dev.floe.agent.failover.LaunchFences;
import dev.floe.agent.failover.WalMoveRequests;
import dev.floe.agent.health.JdbcCatalogObservations;
import dev.floe.agent.provider.BrokerInstance;
import dev.floe.agent.provider.CatalogConnection;
import dev.floe.agent.provider.ExitedLaunch;
import dev.floe.agent.provider.Volume;
import dev.floe.agent.reconcile.ClusterLocks;
import dev.floe.agent.reconcile.ClusterPlanner;
import dev.floe.agent.reconcile.ClusterRecords;
import dev.floe.agent.reconcile.ProvisionCluster;
import dev.floe.agent.reconcile.ReconcileContext;
import dev.floe.agent.reconcile.WalMoveWatcher;
import dev.floe.agent.state.StateDirectory;
import dev.floe.agent.support.CatalogDatabase;
import dev.floe.agent.support.ManualClock;
import dev.floe.agent.support.RecordingSink;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;
import software.amazon.awssdk.services.ec2.model.InstanceStateName;

/**
 * The agent's failover decisions on the aws provider, against moto and a cluster catalog migrated with the broker's
 * schema (no broker runs on moto, so each test writes the catalog rows a broker and its controller would have):
 * which instances count as exited launches, the fence of a broker whose instance stopped, the replacement of a
 * broker fenced on an instance that still runs, and a WAL move the agent gives up on.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AwsFailoverIT {

    @TempDir
    static Path dir;
    private MotoCloud cloud;
    private ManualClock clock;
    private ProvisionCluster provision;

    @BeforeAll
    void start() throws Exception {
        cloud = MotoCloud.start(dir);
        clock = new ManualClock(Instant.now());
        provision = new ProvisionCluster(new ClusterLocks(), new ClusterRecords(new StateDirectory(dir.resolve("state"))),
                new RecordingSink(), MotoCloud.NO_BROKER_SOFTWARE, new JdbcCatalogObservations(), Duration.ZERO, clock);
    }

    @AfterAll
    void stop() throws Exception {
        cloud.close();
    }

    @Test
    void onlyStoppedOrTerminatedInstancesAreExitedLaunchesNamedByTheirInstanceId() {
        String cluster = "f0000000-0000-4000-8000-000000000001";
        reconcile(cluster);
        BrokerInstance stopped = instance(cluster, 1);
        BrokerInstance terminated = instance(cluster, 2);
        BrokerInstance running = instance(cluster, 3);
        die(stopped);
        cloud.ec2.terminateInstances(r -> r.instanceIds(terminated.instanceId()));

        assertThat(cloud.provider.instances().exited(cluster)).extracting(ExitedLaunch::nodeId, ExitedLaunch::launchId)
                .containsExactlyInAnyOrder(tuple(1, stopped.instanceId()),
                        tuple(2, terminated.instanceId()));
        assertThat(cloud.provider.instances().exited(cluster)).extracting(ExitedLaunch::evidence)
                .anySatisfy(e -> assertThat(e).startsWith("instance " + stopped.instanceId() + " is stopped"))
                .anySatisfy(e -> assertThat(e).startsWith("instance " + terminated.instanceId() + " is terminated"))
                .noneSatisfy(e -> assertThat(e).contains(running.instanceId()));
    }

    @Test
    void aBrokerWhoseInstanceStoppedIsFencedAtOnceByItsInstanceIdAndNoOtherIs() throws Exception {
        String cluster = "f0000000-0000-4000-8000-000000000002";
        reconcile(cluster);
        CatalogConnection catalog = catalog(cluster);
        for (int node = 1; node <= 3; node++) {
            broker(catalog, node, "UP", instance(cluster, node).instanceId(), "15 seconds");
        }
        die(instance(cluster, 1));

        int fenced = new ExitedBrokerFencer(new LaunchFences()).fenceExited(cluster, cloud.provider.instances(),
                catalog);

        assertThat(fenced).isEqualTo(1);
        assertThat(state(catalog, 1)).isEqualTo("FENCED|process exited (seen by the agent)");
        assertThat(state(catalog, 2)).isEqualTo("UP|null");
        assertThat(state(catalog, 3)).isEqualTo("UP|null");
    }

    @Test
    void aBrokerFencedOnARunningInstanceIsReplacedOnItsVolumeOnlyOnceItsWalIsRecovered() throws Exception {
        String cluster = "f0000000-0000-4000-8000-000000000003";
        reconcile(cluster);
        CatalogConnection catalog = catalog(cluster);
        BrokerInstance fenced = instance(cluster, 1);
        Volume wal = volume(cluster, 1);
        // A pause or a network cut lapsed its lease: the controller fenced it and asked for its volume to go to node 3
        // (zone-a, like node 1). Its broker exited 75 and systemd left it down, but the instance runs.
        broker(catalog, 1, "FENCED", fenced.instanceId(), "-10 seconds");
        broker(catalog, 2, "UP", instance(cluster, 2).instanceId(), "15 seconds");
        broker(catalog, 3, "UP", instance(cluster, 3).instanceId(), "15 seconds");
        sql(catalog, "insert into wal_moves (failed_node, failed_incarnation, volume_id, target_node, state) values "
                + "(1, 1, '" + wal.id() + "', 3, 'REQUESTED')");

        reconcile(cluster);
        assertThat(instance(cluster, 1).instanceId()).as("never replaced while its volume is being moved")
                .isEqualTo(fenced.instanceId());
        assertThat(ec2State(fenced)).isEqualTo(InstanceStateName.RUNNING);

        cloud.provider.volumes().attachForRecovery(wal, instance(cluster, 3));
        sql(catalog, "update wal_moves set state = 'RECOVERED', recovered_at = now() where failed_node = 1");
        sql(catalog, "update brokers set wal_clean = true where node_id = 1");
        reconcile(cluster);

        BrokerInstance replacement = instance(cluster, 1);
        assertThat(replacement.instanceId()).isNotEqualTo(fenced.instanceId());
        assertThat(ec2State(fenced)).isEqualTo(InstanceStateName.TERMINATED);
        assertThat(attachedTo(wal)).isEqualTo(replacement.instanceId() + " /dev/sdf");

        // Until the new broker registers, the catalog still holds the fenced row of the launch it replaced.
        reconcile(cluster);
        assertThat(instance(cluster, 1).instanceId()).as("the new instance is not taken for the fenced one")
                .isEqualTo(replacement.instanceId());
    }

    @Test
    void aMoveToAnotherZoneIsGivenUpAndTheBrokerRestartsOnItsOwnVolumeAfterThePatience() throws Exception {
        String cluster = "f0000000-0000-4000-8000-000000000004";
        ClusterLocks locks = new ClusterLocks();
        try (WalMoveWatcher watcher = new WalMoveWatcher(locks, new WalMoveRequests(),
                new ExitedBrokerFencer(new LaunchFences()), 250, List.of())) {
            new ProvisionCluster(locks, new ClusterRecords(new StateDirectory(dir.resolve("watched"))),
                    new RecordingSink(), MotoCloud.NO_BROKER_SOFTWARE, new JdbcCatalogObservations(), Duration.ZERO,
                    clock, watcher).reconcile(new ReconcileContext(cloud.environment, desired(cluster), cloud.provider));
            CatalogConnection catalog = catalog(cluster);
            BrokerInstance dead = instance(cluster, 1);
            Volume wal = volume(cluster, 1);
            broker(catalog, 1, "FENCED", dead.instanceId(), "-10 seconds");
            broker(catalog, 2, "UP", instance(cluster, 2).instanceId(), "60 seconds");
            broker(catalog, 3, "UP", instance(cluster, 3).instanceId(), "60 seconds");
            // Node 2 is in zone-b: its instance can never take node 1's zone-a volume.
            sql(catalog, "insert into wal_moves (failed_node, failed_incarnation, volume_id, target_node, state) "
                    + "values (1, 1, '" + wal.id() + "', 2, 'REQUESTED')");
            die(dead);
            try (Connection listener = catalog.open()) {
                try (Statement st = listener.createStatement()) {
                    st.execute("LISTEN floe_catalog");
                }
                watcher.start();

                String move = await(() -> {
                    String row = move(catalog, 1);
                    return row.startsWith("FAILED|") ? row : null;
                });
                assertThat(move).contains("agent gave up moving WAL volume " + wal.id() + " of node 1 to node 2",
                        "VolumeInOtherZone", "node 1 is restarted on its own volume instead");
                assertThat(notifications(listener)).contains("wal_moves");
            }
            assertThat(attachedTo(wal)).as("nothing moved").isEqualTo(dead.instanceId() + " /dev/sdf");
            Thread.sleep(1000);
            assertThat(instance(cluster, 1).instanceId()).as("restarted in place only after the patience")
                    .isEqualTo(dead.instanceId());

            clock.advance(Duration.ofSeconds(31));

            // between the old instance's termination and the new one's launch, the node has no instance at all
            BrokerInstance restarted = await(() -> cloud.provider.instances().describe(cluster).stream()
                    .filter(i -> i.nodeId() == 1 && !i.instanceId().equals(dead.instanceId())).findFirst()
                    .orElse(null));
            await(() -> attachedTo(wal).equals(restarted.instanceId() + " /dev/sdf") ? true : null);
            assertThat(ec2State(dead)).isEqualTo(InstanceStateName.TERMINATED);
        }
    }

    private void reconcile(String cluster) {
        provision.reconcile(new ReconcileContext(cloud.environment, desired(cluster), cloud.provider));
    }

    private static DesiredCluster desired(String cluster) {
        return MotoCloud.cluster(cluster, 1, 3); // odd nodes in zone-a, node 2 in zone-b
    }

    /** The cluster's catalog database as the provider made it, with the schema its first broker would have migrated. */
    private CatalogConnection catalog(String cluster) {
        CatalogConnection catalog = cloud.provider.catalogs().ensure(
                ClusterPlanner.plan(cloud.environment, desired(cluster), "aws").catalog());
        CatalogDatabase.migrate(catalog);
        return catalog;
    }

    /** The row a broker registers for itself (its launch id is its instance id, see UserData). */
    private static void broker(CatalogConnection catalog, int node, String state, String launchId, String leaseLeft)
            throws Exception {
        sql(catalog, "insert into brokers (node_id, host, port, zone, state, lease_expires_at, incarnation, launch_id, "
                + "wal_volume_id) values (" + node + ", '10.0.0." + node + "', 9092, 'zone-" + (node % 2 == 1 ? "a" : "b")
                + "', '" + state + "', now() + interval '" + leaseLeft + "', " + node + ", '" + launchId + "', null)");
    }

    /** state | fence reason */
    private static String state(CatalogConnection catalog, int node) throws Exception {
        try (Connection c = catalog.open(); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("select state, fence_reason from brokers where node_id = " + node)) {
            rs.next();
            return rs.getString(1) + "|" + rs.getString(2);
        }
    }

    private static void sql(CatalogConnection catalog, String statement) throws Exception {
        try (Connection c = catalog.open(); Statement st = c.createStatement()) {
            st.execute(statement);
        }
    }

    /** The instance stops without letting go of its WAL volume, as a failed machine does. */
    private void die(BrokerInstance instance) {
        cloud.ec2.stopInstances(r -> r.instanceIds(instance.instanceId()).force(true));
    }

    /** state | message of the node's latest WAL move */
    private static String move(CatalogConnection catalog, int node) throws Exception {
        try (Connection c = catalog.open(); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("select state, message from wal_moves where failed_node = " + node
                     + " order by move_id desc limit 1")) {
            rs.next();
            return rs.getString(1) + "|" + rs.getString(2);
        }
    }

    private static List<String> notifications(Connection listener) throws Exception {
        List<String> out = new ArrayList<>();
        PGNotification[] received = listener.unwrap(PGConnection.class).getNotifications(500);
        for (PGNotification n : received == null ? new PGNotification[0] : received) {
            out.add(n.getParameter());
        }
        return out;
    }

    /** What {@code probe} returns once it returns something, within 20 s. */
    private static <T> T await(Callable<T> probe) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (System.nanoTime() < deadline) {
            T value = probe.call();
            if (value != null) {
                return value;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("not within 20 s");
    }

    private Volume volume(String cluster, int node) {
        return cloud.provider.volumes().list(cluster).stream().filter(v -> v.nodeId() == node).findFirst()
                .orElseThrow();
    }

    /**
     * "instance device" of the volume's one attachment as EC2 reports it, or "detached" while it has none (the
     * moment between a terminated instance letting go and its successor attaching).
     */
    private String attachedTo(Volume volume) {
        var attachments = cloud.ec2.describeVolumes(r -> r.volumeIds(volume.id())).volumes().get(0).attachments();
        assertThat(attachments).hasSizeLessThanOrEqualTo(1);
        return attachments.isEmpty() ? "detached"
                : attachments.get(0).instanceId() + " " + attachments.get(0).device();
    }

    private InstanceStateName ec2State(BrokerInstance instance) {
        return cloud.ec2.describeInstances(r -> r.instanceIds(instance.instanceId())).reservations().get(0).instances()
                .get(0).state().name();
    }

    private BrokerInstance instance(String cluster, int node) {
        return cloud.provider.instances().describe(cluster).stream().filter(i -> i.nodeId() == node).findFirst()
                .orElseThrow();
    }
}
