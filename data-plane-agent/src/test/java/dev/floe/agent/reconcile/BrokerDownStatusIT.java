package dev.floe.agent.reconcile;

import static org.assertj.core.api.Assertions.assertThat;

import dev.floe.agent.controlplane.ClusterStatus;
import dev.floe.agent.failover.ExitedBrokerFencer;
import dev.floe.agent.failover.LaunchFences;
import dev.floe.agent.failover.WalMoveRequests;
import dev.floe.agent.health.JdbcCatalogObservations;
import dev.floe.agent.health.KafkaClusterHealthCheck;
import dev.floe.agent.provider.local.LocalProvider;
import dev.floe.agent.state.StateDirectory;
import dev.floe.agent.support.Processes;
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
 * The cluster's status between reconciliation passes: a broker of a RUNNING cluster that dies shows as DEGRADED at
 * once and RUNNING again once it is replaced, reported by the agent's own threads, without waiting for a pass (which
 * comes only with the control plane's long poll).
 */
class BrokerDownStatusIT {

    private static final String CLUSTER = "7c0ffee0-0000-4000-8000-0000000000d5";

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
    void aBrokerThatDiesShowsDegradedAtOnceAndRunningAgainWithoutAPass() throws Exception {
        StateDirectory state = new StateDirectory(dir.resolve("state"));
        provider = new LocalProvider(state, StandInBrokerJar.build(dir.resolve("broker")), null,
                "-Xmx64m -XX:TieredStopAtLevel=1", "127.0.0.1", Duration.ofSeconds(10));
        RecordingSink sink = new RecordingSink();
        ClusterLocks locks = new ClusterLocks();
        watcher = new WalMoveWatcher(locks, new WalMoveRequests(), new ExitedBrokerFencer(new LaunchFences()), 250,
                List.of());
        JdbcCatalogObservations observations = new JdbcCatalogObservations();
        ClusterStatus created = new ProvisionCluster(locks, new ClusterRecords(state), sink,
                new KafkaClusterHealthCheck(observations), observations, Duration.ofSeconds(60), Clock.systemUTC(),
                watcher).reconcile(new ReconcileContext(Specs.localEnvironment(), Specs.cluster(CLUSTER, 1,
                "op-create", 3), provider));
        assertThat(created.phase()).isEqualTo("RUNNING");
        watcher.start();
        int before = sink.statuses().size();

        Processes.signal(Processes.pid(state.resolve("local/brokers/" + CLUSTER + "/2/pid")), "KILL");

        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (!phasesAfter(sink, before).contains("RUNNING") && System.nanoTime() < deadline) {
            Thread.sleep(100);
        }
        // DEGRADED first (again as the dead broker's state changes, say DOWN to STARTING), then RUNNING, once
        List<String> phases = phasesAfter(sink, before);
        assertThat(phases).startsWith("DEGRADED").endsWith("RUNNING").containsOnlyOnce("RUNNING")
                .containsOnly("DEGRADED", "RUNNING");
        ClusterStatus degraded = sink.statuses().get(before);
        assertThat(degraded.brokers()).filteredOn(b -> b.nodeId() == 2).extracting(b -> b.state())
                .doesNotContain("UP");
        assertThat(degraded.conditions()).anySatisfy(c -> assertThat(c.reason()).isEqualTo("BrokersDown"));
    }

    private static List<String> phasesAfter(RecordingSink sink, int before) {
        List<ClusterStatus> all = sink.statuses();
        return all.subList(before, all.size()).stream().map(ClusterStatus::phase).toList();
    }
}
