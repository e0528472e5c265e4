package dev.floe.agent.reconcile;

import static dev.floe.agent.support.CatalogRows.await;
import static org.assertj.core.api.Assertions.assertThat;

import dev.floe.agent.controlplane.ClusterStatus;
import dev.floe.agent.controlplane.DesiredCluster;
import dev.floe.agent.failover.ExitedBrokerFencer;
import dev.floe.agent.failover.LaunchFences;
import dev.floe.agent.failover.WalMoveRequests;
import dev.floe.agent.health.JdbcCatalogObservations;
import dev.floe.agent.health.KafkaClusterHealthCheck;
import dev.floe.agent.provider.CatalogConnection;
import dev.floe.agent.provider.Volume;
import dev.floe.agent.provider.local.LocalProvider;
import dev.floe.agent.state.StateDirectory;
import dev.floe.agent.support.CatalogDatabase;
import dev.floe.agent.support.CatalogRows;
import dev.floe.agent.support.RecordingSink;
import dev.floe.agent.support.Specs;
import dev.floe.agent.support.StandInBrokerJar;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The failover watcher acts on a WAL move the moment the controller's notification arrives, not at its next round:
 * with rounds a minute apart, only the notification can get the move attached within seconds.
 */
class NotifiedMoveIT {

    private static final String CLUSTER = "7c0ffee0-0000-4000-8000-0000000000e7";
    private static final long ROUNDS_APART_MS = 60_000;

    @TempDir
    Path dir;
    private LocalProvider provider;
    private WalMoveWatcher watcher;

    @AfterEach
    void stop() {
        if (watcher != null) {
            watcher.close();
        }
        if (provider != null) {
            provider.instances().describe(CLUSTER).forEach(provider.instances()::terminate);
            provider.stopLocal();
            provider.close();
        }
    }

    @Test
    void aRequestedMoveIsAttachedAsSoonAsTheCatalogAnnouncesIt() throws Exception {
        StateDirectory state = new StateDirectory(dir.resolve("state"));
        provider = new LocalProvider(state, StandInBrokerJar.build(dir.resolve("broker")), null,
                "-Xmx64m -XX:TieredStopAtLevel=1", "127.0.0.1", Duration.ofSeconds(10));
        ClusterLocks locks = new ClusterLocks();
        watcher = new WalMoveWatcher(locks, new WalMoveRequests(), new ExitedBrokerFencer(new LaunchFences()),
                ROUNDS_APART_MS, List.of());
        JdbcCatalogObservations observations = new JdbcCatalogObservations();
        DesiredCluster cluster = Specs.cluster(CLUSTER, 1, "op-create", 3);
        ClusterStatus created = new ProvisionCluster(locks, new ClusterRecords(state), new RecordingSink(),
                new KafkaClusterHealthCheck(observations), observations, Duration.ofSeconds(60), Clock.systemUTC(),
                watcher).reconcile(new ReconcileContext(Specs.localEnvironment(), cluster, provider));
        assertThat(created.phase()).isEqualTo("RUNNING");
        CatalogConnection catalog = provider.catalogs().ensure(
                ClusterPlanner.plan(Specs.localEnvironment(), cluster, "local").catalog());
        CatalogDatabase.migrate(catalog); // stand-in brokers keep no catalog; the controller's table is all we need
        CatalogRows rows = new CatalogRows(catalog);
        Volume wal = provider.volumes().list(CLUSTER).stream().filter(v -> v.nodeId() == 2).findFirst().orElseThrow();
        watcher.start();

        long requested = System.nanoTime();
        rows.requestWalMoveAndNotify(2, wal.id(), 1);

        // the 5 s count from the request; polled closely, as the time to attach is what is measured
        Duration left = Duration.ofSeconds(5).minusNanos(System.nanoTime() - requested);
        await("node 2's move attached within 5 s, rounds being " + ROUNDS_APART_MS + " ms apart", left,
                Duration.ofMillis(20), () -> "ATTACHED".equals(rows.value("select state from wal_moves "
                        + "where failed_node = 2")));
        System.out.printf("NOTIFIED_MOVE requested->attached %d ms%n",
                Duration.ofNanos(System.nanoTime() - requested).toMillis());
    }
}
