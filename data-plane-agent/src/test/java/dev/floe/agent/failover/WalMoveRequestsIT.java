package dev.floe.agent.failover;

import static org.assertj.core.api.Assertions.assertThat;

import dev.floe.agent.support.CatalogDatabase;
import dev.floe.agent.support.CatalogRows;
import java.nio.file.Path;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The agent's writes to {@code wal_moves} against a real catalog migrated with the broker's schema: a move it gives up
 * on becomes FAILED with the reason and a notification, only while it is still the request the agent tried, and no
 * longer holds its node back.
 */
class WalMoveRequestsIT {

    @TempDir
    static Path dir;
    private static CatalogDatabase db;
    private static CatalogRows rows;
    private final WalMoveRequests moves = new WalMoveRequests();
    private CatalogRows.Listener listener;

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
        db.sql("delete from wal_moves");
        listener = rows.listen();
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
        assertThat(rows.walMove(request.moveId())).isEqualTo("FAILED|agent gave up: VolumeInOtherZone: zonal");
        assertThat(listener.received()).containsExactly("wal_moves");
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

        assertThat(rows.walMove(tried.moveId())).isEqualTo("REQUESTED|target 2 is gone; moving to 3");
        assertThat(rows.walMove(attached.moveId())).isEqualTo("ATTACHED|null");
        assertThat(listener.received()).isEmpty();
    }

    private WalMoveRequests.Request request(int failedNode, int target, String state) throws Exception {
        String volume = "vol-" + failedNode;
        return new WalMoveRequests.Request(rows.insertWalMove(failedNode, volume, target, state), failedNode, volume,
                target);
    }
}
