package dev.floe.agent.failover;

import static org.assertj.core.api.Assertions.assertThat;

import dev.floe.agent.provider.CatalogConnection;
import dev.floe.agent.support.CatalogDatabase;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;

/**
 * The agent's writes to {@code wal_moves} against a real catalog migrated with the broker's schema: a move it gives up
 * on becomes FAILED with the reason and a notification, only while it is still the request the agent tried, and no
 * longer holds its node back.
 */
class WalMoveRequestsIT {

    @TempDir
    static Path dir;
    private static CatalogDatabase db;
    private final WalMoveRequests moves = new WalMoveRequests();
    private Connection listener;

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
        db.sql("delete from wal_moves");
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
    void aMoveGivenUpOnIsFailedWithItsReasonAndAnnouncedAndNoLongerInFlight() throws Exception {
        WalMoveRequests.Request request = request(1, 2, "REQUESTED");
        assertThat(moves.inFlight(db.connection())).contains(Set.of(1));

        boolean failed = moves.markFailed(db.connection(), request, "agent gave up: VolumeInOtherZone: zonal");

        assertThat(failed).isTrue();
        assertThat(row(request)).isEqualTo("FAILED|agent gave up: VolumeInOtherZone: zonal");
        assertThat(notifications()).containsExactly("wal_moves");
        assertThat(moves.inFlight(db.connection())).contains(Set.of());
        assertThat(moves.requested(db.connection())).isEmpty();
    }

    @Test
    void aMoveRetargetedOrAttachedMeanwhileIsNotFailed() throws Exception {
        WalMoveRequests.Request tried = request(1, 2, "REQUESTED");
        db.sql("update wal_moves set target_node = 3, message = 'target 2 is gone; moving to 3' where move_id = "
                + tried.moveId()); // the controller moved the request on while the agent tried node 2
        WalMoveRequests.Request attached = request(4, 3, "ATTACHED");

        assertThat(moves.markFailed(db.connection(), tried, "agent gave up")).isFalse();
        assertThat(moves.markFailed(db.connection(), attached, "agent gave up")).isFalse();

        assertThat(row(tried)).isEqualTo("REQUESTED|target 2 is gone; moving to 3");
        assertThat(row(attached)).isEqualTo("ATTACHED|null");
        assertThat(notifications()).isEmpty();
    }

    private WalMoveRequests.Request request(int failedNode, int target, String state) throws Exception {
        try (Connection c = db.connection().open(); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("insert into wal_moves (failed_node, failed_incarnation, volume_id, "
                     + "target_node, state) values (" + failedNode + ", 1, 'vol-" + failedNode + "', " + target + ", '"
                     + state + "') returning move_id")) {
            rs.next();
            return new WalMoveRequests.Request(rs.getLong(1), failedNode, "vol-" + failedNode, target);
        }
    }

    /** state | message */
    private String row(WalMoveRequests.Request request) throws Exception {
        try (Connection c = db.connection().open(); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("select state, message from wal_moves where move_id = "
                     + request.moveId())) {
            rs.next();
            return rs.getString(1) + "|" + rs.getString(2);
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
}
