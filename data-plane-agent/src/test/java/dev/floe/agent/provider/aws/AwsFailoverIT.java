package dev.floe.agent.provider.aws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import dev.floe.agent.controlplane.DesiredCluster;
import dev.floe.agent.failover.ExitedBrokerFencer;
import dev.floe.agent.failover.LaunchFences;
import dev.floe.agent.health.JdbcCatalogObservations;
import dev.floe.agent.provider.BrokerInstance;
import dev.floe.agent.provider.CatalogConnection;
import dev.floe.agent.provider.ExitedLaunch;
import dev.floe.agent.reconcile.ClusterLocks;
import dev.floe.agent.reconcile.ClusterPlanner;
import dev.floe.agent.reconcile.ClusterRecords;
import dev.floe.agent.reconcile.ProvisionCluster;
import dev.floe.agent.reconcile.ReconcileContext;
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
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * The agent's failover decisions on the aws provider, against moto and a cluster catalog migrated with the broker's
 * schema (no broker runs on moto, so each test writes the catalog rows a broker and its controller would have):
 * which instances count as exited launches, and the fence of a broker whose instance stopped.
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

    private BrokerInstance instance(String cluster, int node) {
        return cloud.provider.instances().describe(cluster).stream().filter(i -> i.nodeId() == node).findFirst()
                .orElseThrow();
    }
}
