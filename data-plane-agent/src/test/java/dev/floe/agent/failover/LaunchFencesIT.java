package dev.floe.agent.failover;

import static org.assertj.core.api.Assertions.assertThat;

import dev.floe.agent.provider.BrokerInstance;
import dev.floe.agent.provider.BrokerInstances;
import dev.floe.agent.provider.BrokerLaunch;
import dev.floe.agent.provider.CatalogConnection;
import dev.floe.agent.provider.ExitedLaunch;
import dev.floe.agent.support.CatalogDatabase;
import dev.floe.agent.support.CatalogRows;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The agent's fence of a broker whose process it saw exit, against a real catalog migrated with the broker's schema:
 * exactly that launch's incarnation is fenced, with the agent's reason and a notification the brokers listen for, and
 * nothing else in the catalog changes.
 */
class LaunchFencesIT {

    private static final String CLUSTER = "c1";
    private static final Duration LEASE_LEFT = Duration.ofSeconds(15);

    @TempDir
    static Path dir;
    private static CatalogDatabase db;
    private static CatalogRows rows;
    private CatalogRows.Listener listener;
    private final ExitedBrokerFencer fencer = new ExitedBrokerFencer(new LaunchFences());

    @BeforeAll
    static void startCatalog() {
        db = CatalogDatabase.start(dir.resolve("pg"));
        rows = new CatalogRows(db.connection());
    }

    @AfterAll
    static void stopCatalog() {
        db.close();
    }

    @BeforeEach
    void listen() throws Exception {
        db.sql("delete from brokers");
        listener = rows.listen();
    }

    @AfterEach
    void stopListening() throws Exception {
        listener.close();
    }

    @Test
    void anExitedLaunchIsFencedAtOnceWithTheAgentsReasonAndTheBrokersAreNotified() throws Exception {
        rows.insertBroker(2, "UP", "launch-2", LEASE_LEFT);

        int fenced = fencer.fenceExited(CLUSTER, exited(new ExitedLaunch(2, "launch-2", "pid 42 has exited")),
                db.connection());

        assertThat(fenced).isEqualTo(1);
        assertThat(row(2)).isEqualTo("FENCED|process exited (seen by the agent)|fenced before its lease lapsed");
        assertThat(listener.received()).containsExactly("brokers");
    }

    @Test
    void noOtherIncarnationNorABrokerThatStoppedCleanlyNorOneFencedAlreadyIsTouched() throws Exception {
        rows.insertBroker(1, "UP", "newer-launch", LEASE_LEFT); // the node was started again since launch "older" died
        rows.insertBroker(2, "STOPPED", "launch-2", LEASE_LEFT); // drained and stopped cleanly
        rows.insertBroker(3, "FENCED", "launch-3", LEASE_LEFT);  // the controller was first
        db.sql("update brokers set fence_reason = 'lease lapsed', fenced_at = now() - interval '1 second' "
                + "where node_id = 3");
        List<String> before = List.of(row(1), row(2), row(3));

        int fenced = fencer.fenceExited(CLUSTER, exited(new ExitedLaunch(1, "older", "pid 7 has exited"),
                new ExitedLaunch(2, "launch-2", "pid 8 has exited"), new ExitedLaunch(3, "launch-3", "pid 9 has exited")),
                db.connection());

        assertThat(fenced).isZero();
        assertThat(List.of(row(1), row(2), row(3))).isEqualTo(before);
        assertThat(listener.received()).isEmpty();
    }

    @Test
    void aFenceTheCatalogCouldNotAnswerIsTriedAgainButASettledOneIsNot() throws Exception {
        rows.insertBroker(2, "UP", "launch-2", LEASE_LEFT);
        BrokerInstances instances = exited(new ExitedLaunch(2, "launch-2", "pid 42 has exited"));
        CatalogConnection unreachable = new CatalogConnection("jdbc:postgresql://127.0.0.1:1/catalog", "postgres", "");

        assertThat(fencer.fenceExited(CLUSTER, instances, unreachable)).isZero();
        assertThat(fencer.fenceExited(CLUSTER, instances, db.connection())).isEqualTo(1);
        db.sql("update brokers set state = 'UP' where node_id = 2");
        assertThat(fencer.fenceExited(CLUSTER, instances, db.connection())).isZero();
        assertThat(row(2)).startsWith("UP|");
    }

    @Test
    void aCatalogWithoutLaunchIdsLeavesTheBrokerToItsLease() throws Exception {
        db.sql("create database older_catalog");
        CatalogConnection older = new CatalogConnection(db.connection().jdbcUrl().replace("/catalog", "/older_catalog"),
                "postgres", "");
        CatalogRows olderRows = new CatalogRows(older);
        olderRows.sql("create table brokers (node_id integer primary key, state text not null, fenced_at timestamptz)");
        olderRows.sql("insert into brokers values (2, 'UP', null)");

        assertThat(new LaunchFences().fence(older, 2, "launch-2")).isEqualTo(LaunchFences.Outcome.UNSUPPORTED);
    }

    /** state | fence reason | whether the fence came before the lease would have lapsed */
    private String row(int node) throws Exception {
        String fencedBeforeLease = rows.value("select fenced_at < lease_expires_at from brokers where node_id = "
                + node);
        return rows.brokerState(node) + "|" + (fencedBeforeLease == null ? "not fenced"
                : fencedBeforeLease.equals("t") ? "fenced before its lease lapsed" : "fenced after its lease lapsed");
    }

    /** A provider that has seen exactly these launches exit and knows nothing else. */
    private static BrokerInstances exited(ExitedLaunch... launches) {
        return new BrokerInstances() {
            @Override
            public List<BrokerInstance> describe(String clusterId) {
                return List.of();
            }

            @Override
            public BrokerInstance launch(BrokerLaunch launch) {
                throw new UnsupportedOperationException();
            }

            @Override
            public void terminate(BrokerInstance instance) {
                throw new UnsupportedOperationException();
            }

            @Override
            public List<ExitedLaunch> exited(String clusterId) {
                return List.of(launches);
            }
        };
    }
}
