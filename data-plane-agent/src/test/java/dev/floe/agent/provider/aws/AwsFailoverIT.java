package dev.floe.agent.provider.aws;

import static dev.floe.agent.support.CatalogRows.await;
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
import dev.floe.agent.support.CatalogRows;
import dev.floe.agent.support.ManualClock;
import dev.floe.agent.support.RecordingSink;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.ec2.model.InstanceStateName;

/**
 * The agent's failover decisions on the aws provider, against moto and a cluster catalog migrated with the broker's
 * schema (no broker runs on moto, so each test writes the catalog rows a broker and its controller would have):
 * which instances count as exited launches, the fence of a broker whose instance stopped, the replacement of a
 * broker fenced on an instance that still runs, and a WAL move the agent gives up on.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AwsFailoverIT {

    /** How long each wait for the watcher or EC2 gets. */
    private static final Duration PATIENCE = Duration.ofSeconds(20);

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
        CatalogRows rows = new CatalogRows(catalog);
        for (int node = 1; node <= 3; node++) {
            rows.insertBroker(node, "UP", instance(cluster, node).instanceId(), Duration.ofSeconds(15));
        }
        die(instance(cluster, 1));

        int fenced = new ExitedBrokerFencer(new LaunchFences()).fenceExited(cluster, cloud.provider.instances(),
                catalog);

        assertThat(fenced).isEqualTo(1);
        assertThat(rows.brokerState(1)).isEqualTo("FENCED|process exited (seen by the agent)");
        assertThat(rows.brokerState(2)).isEqualTo("UP|null");
        assertThat(rows.brokerState(3)).isEqualTo("UP|null");
    }

    @Test
    void aBrokerFencedOnARunningInstanceIsReplacedOnItsVolumeOnlyOnceItsWalIsRecovered() throws Exception {
        String cluster = "f0000000-0000-4000-8000-000000000003";
        reconcile(cluster);
        CatalogRows rows = new CatalogRows(catalog(cluster));
        BrokerInstance fenced = instance(cluster, 1);
        // A pause or a network cut lapsed its lease: the controller fenced it and asked for its volume to go to node 3
        // (zone-a, like node 1). Its broker exited 75 and systemd left it down, but the instance runs.
        Volume wal = fencedWithRequestedMove(rows, cluster, 3, Duration.ofSeconds(15));

        reconcile(cluster);
        assertThat(instance(cluster, 1).instanceId()).as("never replaced while its volume is being moved")
                .isEqualTo(fenced.instanceId());
        assertThat(ec2State(fenced)).isEqualTo(InstanceStateName.RUNNING);

        cloud.provider.volumes().attachForRecovery(wal, instance(cluster, 3));
        rows.sql("update wal_moves set state = 'RECOVERED', recovered_at = now() where failed_node = 1");
        rows.sql("update brokers set wal_clean = true where node_id = 1");
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
            CatalogRows rows = new CatalogRows(catalog(cluster));
            BrokerInstance dead = instance(cluster, 1);
            // Node 2 is in zone-b: its instance can never take node 1's zone-a volume.
            Volume wal = fencedWithRequestedMove(rows, cluster, 2, Duration.ofSeconds(60));
            die(dead);
            try (CatalogRows.Listener listener = rows.listen()) {
                watcher.start();

                String move = await("node 1's move FAILED", PATIENCE, () -> {
                    String row = rows.latestWalMove(1);
                    return row.startsWith("FAILED|") ? row : null;
                });
                assertThat(move).contains("agent gave up moving WAL volume " + wal.id() + " of node 1 to node 2",
                        "VolumeInOtherZone", "node 1 is restarted on its own volume instead");
                assertThat(listener.received()).contains("wal_moves");
            }
            assertThat(attachedTo(wal)).as("nothing moved").isEqualTo(dead.instanceId() + " /dev/sdf");
            Thread.sleep(1000);
            assertThat(instance(cluster, 1).instanceId()).as("restarted in place only after the patience")
                    .isEqualTo(dead.instanceId());

            clock.advance(Duration.ofSeconds(31));

            // between the old instance's termination and the new one's launch, the node has no instance at all
            BrokerInstance restarted = await("node 1 on a new instance", PATIENCE, () -> cloud.provider.instances()
                    .describe(cluster).stream()
                    .filter(i -> i.nodeId() == 1 && !i.instanceId().equals(dead.instanceId()))
                    .findFirst().orElse(null));
            await("node 1's WAL volume attached to its new instance", PATIENCE,
                    () -> attachedTo(wal).equals(restarted.instanceId() + " /dev/sdf"));
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

    /**
     * The catalog as the controller leaves it after fencing node 1 for a lapsed lease: nodes 2 and 3 UP with
     * {@code leaseLeft} to run, and node 1's WAL volume, which this returns, requested to move to {@code target}.
     * Each broker's launch id is its instance id, as UserData registers it.
     */
    private Volume fencedWithRequestedMove(CatalogRows rows, String cluster, int target, Duration leaseLeft)
            throws Exception {
        rows.insertBroker(1, "FENCED", instance(cluster, 1).instanceId(), Duration.ofSeconds(-10));
        rows.insertBroker(2, "UP", instance(cluster, 2).instanceId(), leaseLeft);
        rows.insertBroker(3, "UP", instance(cluster, 3).instanceId(), leaseLeft);
        Volume wal = volume(cluster, 1);
        rows.requestWalMove(1, wal.id(), target);
        return wal;
    }

    /** The instance stops without letting go of its WAL volume, as a failed machine does. */
    private void die(BrokerInstance instance) {
        cloud.ec2.stopInstances(r -> r.instanceIds(instance.instanceId()).force(true));
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
