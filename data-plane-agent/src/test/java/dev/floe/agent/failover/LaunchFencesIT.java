package dev.floe.agent.failover;

import static org.assertj.core.api.Assertions.assertThat;

import dev.floe.agent.provider.BrokerInstance;
import dev.floe.agent.provider.BrokerInstances;
import dev.floe.agent.provider.BrokerLaunch;
import dev.floe.agent.provider.CatalogConnection;
import dev.floe.agent.provider.ExitedLaunch;
import dev.floe.agent.support.CatalogDatabase;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;

/**
 * The agent's fence of a broker whose process it saw exit, against a real catalog migrated with the broker's schema:
 * exactly that launch's incarnation is fenced, with the agent's reason and a notification the brokers listen for, and
 * nothing else in the catalog changes.
 */
class LaunchFencesIT {

    private static final String CLUSTER = "c1";

    @TempDir
    static Path dir;
    private static CatalogDatabase db;
    private Connection listener;
    private final ExitedBrokerFencer fencer = new ExitedBrokerFencer(new LaunchFences());

    @BeforeAll
    static void startCatalog() {
        db = CatalogDatabase.start(dir.resolve("pg"));
    }

    @AfterAll
    static void stopCatalog() {
        db.close();
    }

    @BeforeEach
    void listen() throws Exception {
        db.sql("delete from brokers");
        CatalogConnection catalog = db.connection();
        listener = DriverManager.getConnection(catalog.jdbcUrl(), catalog.username(), catalog.password());
        try (Statement st = listener.createStatement()) {
            st.execute("LISTEN floe_catalog");
        }
    }

    @AfterEach
    void stopListening() throws Exception {
        listener.close();
    }

    @Test
    void anExitedLaunchIsFencedAtOnceWithTheAgentsReasonAndTheBrokersAreNotified() throws Exception {
        broker(2, "UP", "launch-2", null);

        int fenced = fencer.fenceExited(CLUSTER, exited(new ExitedLaunch(2, "launch-2", "pid 42 has exited")),
                db.connection());

        assertThat(fenced).isEqualTo(1);
        assertThat(row(2)).isEqualTo("FENCED|process exited (seen by the agent)|fenced before its lease lapsed");
        assertThat(notifications()).containsExactly("brokers");
    }

    @Test
    void noOtherIncarnationNorABrokerThatStoppedCleanlyNorOneFencedAlreadyIsTouched() throws Exception {
        broker(1, "UP", "newer-launch", null);          // the node was started again since launch "older" died
        broker(2, "STOPPED", "launch-2", null);         // drained and stopped cleanly
        broker(3, "FENCED", "launch-3", "lease lapsed"); // the controller was first
        db.sql("update brokers set fenced_at = now() - interval '1 second' where node_id = 3");
        List<String> before = List.of(row(1), row(2), row(3));

        int fenced = fencer.fenceExited(CLUSTER, exited(new ExitedLaunch(1, "older", "pid 7 has exited"),
                new ExitedLaunch(2, "launch-2", "pid 8 has exited"), new ExitedLaunch(3, "launch-3", "pid 9 has exited")),
                db.connection());

        assertThat(fenced).isZero();
        assertThat(List.of(row(1), row(2), row(3))).isEqualTo(before);
        assertThat(notifications()).isEmpty();
    }

    @Test
    void aFenceTheCatalogCouldNotAnswerIsTriedAgainButASettledOneIsNot() throws Exception {
        broker(2, "UP", "launch-2", null);
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
        try (Connection c = older.open(); Statement st = c.createStatement()) {
            st.execute("create table brokers (node_id integer primary key, state text not null, "
                    + "fenced_at timestamptz)");
            st.execute("insert into brokers values (2, 'UP', null)");
        }

        assertThat(new LaunchFences().fence(older, 2, "launch-2")).isEqualTo(LaunchFences.Outcome.UNSUPPORTED);
    }

    private void broker(int node, String state, String launchId, String fenceReason) throws Exception {
        db.sql("insert into brokers (node_id, host, port, zone, state, lease_expires_at, incarnation, launch_id, "
                + "fence_reason) values (" + node + ", '127.0.0.1', " + (19090 + node) + ", 'zone-a', '" + state
                + "', now() + interval '15 seconds', " + node + ", '" + launchId + "', "
                + (fenceReason == null ? "null" : "'" + fenceReason + "'") + ")");
    }

    /** state | fence reason | whether the fence came before the lease would have lapsed */
    private String row(int node) throws Exception {
        try (Connection c = db.connection().open(); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("select state, fence_reason, fenced_at < lease_expires_at from brokers "
                     + "where node_id = " + node)) {
            rs.next();
            return rs.getString(1) + "|" + rs.getString(2) + "|"
                    + (rs.getBoolean(3) ? "fenced before its lease lapsed" : rs.getObject(3) == null ? "not fenced"
                    : "fenced after its lease lapsed");
        }
    }

    private List<String> notifications() throws Exception {
        List<String> out = new ArrayList<>();
        PGNotification[] received = listener.unwrap(PGConnection.class).getNotifications(500);
        if (received != null) {
            for (PGNotification n : received) {
                out.add(n.getParameter());
            }
        }
        return out;
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
