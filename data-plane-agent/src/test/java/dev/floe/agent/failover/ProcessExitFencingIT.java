package dev.floe.agent.failover;

import static dev.floe.agent.support.CatalogRows.await;
import static org.assertj.core.api.Assertions.assertThat;

import dev.floe.agent.controlplane.ClusterStatus;
import dev.floe.agent.controlplane.DesiredCluster;
import dev.floe.agent.health.JdbcCatalogObservations;
import dev.floe.agent.health.KafkaClusterHealthCheck;
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
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The agent fences a SIGKILLed broker as soon as it sees its process gone, long before its lease would lapse: the
 * brokers run with a 15 s lease, so only the agent's fence can make the broker FENCED within a few seconds. The
 * controller then moves its WAL at once and the node comes back on its recovered volume.
 */
@Timeout(value = 4, unit = TimeUnit.MINUTES)
class ProcessExitFencingIT {

    private static final String CLUSTER = "4ea1b40c-0000-4000-8000-0000000000f1";
    private static final long LEASE_MS = 15_000;

    @TempDir
    Path dir;
    private LocalProvider provider;
    private WalMoveWatcher watcher;

    @BeforeEach
    void start() {
        provider = RealBrokerJar.localProvider(new StateDirectory(dir.resolve("state")),
                Map.of("FLOE_LEASE_MS", Long.toString(LEASE_MS)));
    }

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
    void aKilledBrokerIsFencedByTheAgentLongBeforeItsLeaseWouldLapseAndItsWalMovesAtOnce() throws Exception {
        StateDirectory state = new StateDirectory(dir.resolve("state"));
        ClusterLocks locks = new ClusterLocks();
        watcher = new WalMoveWatcher(locks, new WalMoveRequests(), new ExitedBrokerFencer(new LaunchFences()), 250,
                List.of());
        JdbcCatalogObservations observations = new JdbcCatalogObservations();
        DesiredCluster cluster = Specs.cluster(CLUSTER, 1, "op-create", 3);
        ClusterStatus status = new ProvisionCluster(locks, new ClusterRecords(state), new RecordingSink(),
                new KafkaClusterHealthCheck(observations), observations, Duration.ofSeconds(120), Clock.systemUTC(),
                watcher).reconcile(new ReconcileContext(Specs.localEnvironment(), cluster, provider));
        assertThat(status.phase()).as("status %s", status).isEqualTo("RUNNING");
        CatalogRows rows = new CatalogRows(provider.catalogs().ensure(
                ClusterPlanner.plan(Specs.localEnvironment(), cluster, "local").catalog()));
        assertThat(Long.parseLong(rows.value("select min(extract(epoch from lease_expires_at - now()) * 1000)"
                + "::bigint from brokers"))).as("brokers run with the long lease").isGreaterThan(LEASE_MS / 2);
        watcher.start();

        long pid = Processes.pid(state.resolve("local/brokers/" + CLUSTER + "/2/pid"));
        Processes.signal(pid, "KILL");
        Instant killed = Instant.now();

        // closely: the fenced row is soon overwritten by the node's restart
        await("node 2 FENCED within " + LEASE_MS / 3 + " ms of the kill", Duration.ofMillis(LEASE_MS / 3),
                Duration.ofMillis(50),
                () -> "FENCED".equals(rows.value("select state from brokers where node_id = 2")));
        assertThat(rows.value("select state || ' / ' || coalesce(fence_reason, '-') from brokers where node_id = 2"))
                .as("node 2 is fenced by the agent within %d ms of the kill", LEASE_MS / 3)
                .isEqualTo("FENCED / process exited (seen by the agent)");
        assertThat(rows.value("select fenced_at < lease_expires_at from brokers where node_id = 2"))
                .as("fenced while its lease was still live").isEqualTo("t");
        Instant fencedAt = rows.instant("select fenced_at from brokers where node_id = 2");

        Instant requested = await("a WAL move requested for node 2", Duration.ofSeconds(10),
                () -> rows.instant("select requested_at from wal_moves where failed_node = 2"));
        Instant recovered = await("node 2's WAL move RECOVERED", Duration.ofSeconds(60),
                () -> rows.instant("select recovered_at from wal_moves where failed_node = 2 and state = 'RECOVERED'"));
        System.out.printf("AGENT_FENCE kill->fenced %d ms, fenced->move requested %d ms, requested->recovered %d ms%n",
                Duration.between(killed, fencedAt).toMillis(), Duration.between(fencedAt, requested).toMillis(),
                Duration.between(requested, recovered).toMillis());
        assertThat(requested).isBefore(fencedAt.plusMillis(LEASE_MS / 3));
        rows.awaitValue("select 'up' from brokers where node_id = 2 and state = 'UP' and lease_expires_at > now()",
                Duration.ofSeconds(90));
    }
}
