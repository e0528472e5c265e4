package dev.floe.agent.failover;

import dev.floe.agent.provider.CatalogConnection;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The agent's side of the broker catalog's {@code wal_moves} table (docs/failover.md): it reads what the controller
 * REQUESTED and, once its provider moved the volume, writes ATTACHED with the WAL directory on the target, or FAILED
 * when the move cannot succeed. A catalog without the table (an older broker) simply has no requests.
 */
public class WalMoveRequests {

    private static final Logger log = LoggerFactory.getLogger(WalMoveRequests.class);
    private static final String NOTIFY = "select pg_notify('floe_catalog', 'wal_moves')";

    /** One requested move: the failed node's volume should go to the target node's instance. */
    public record Request(long moveId, int failedNode, String volumeId, int targetNode) {
    }

    public List<Request> requested(CatalogConnection catalog) {
        List<Request> out = new ArrayList<>();
        try (Connection c = catalog.open(); PreparedStatement ps = c.prepareStatement(
                "SELECT move_id, failed_node, volume_id, target_node FROM wal_moves WHERE state = 'REQUESTED' ORDER BY move_id");
             ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                out.add(new Request(rs.getLong(1), rs.getInt(2), rs.getString(3), rs.getInt(4)));
            }
        } catch (SQLException e) {
            log.debug("cannot read WAL move requests from {}: {}", catalog.jdbcUrl(), e.getMessage());
        }
        return out;
    }

    /**
     * Nodes whose WAL volume is being moved (REQUESTED or ATTACHED): they must not be restarted on it meanwhile. A
     * FAILED move is over and holds nothing up: its node is restarted on its own volume.
     */
    public Optional<Set<Integer>> inFlight(CatalogConnection catalog) {
        try (Connection c = catalog.open(); PreparedStatement ps = c.prepareStatement(
                "SELECT failed_node FROM wal_moves WHERE state IN ('REQUESTED', 'ATTACHED')");
             ResultSet rs = ps.executeQuery()) {
            Set<Integer> nodes = new HashSet<>();
            while (rs.next()) {
                nodes.add(rs.getInt(1));
            }
            return Optional.of(nodes);
        } catch (SQLException e) {
            if ("42P01".equals(e.getSQLState())) {
                return Optional.of(Set.of()); // no such table: a broker without failover, nothing in flight
            }
            log.debug("cannot read WAL moves from {}: {}", catalog.jdbcUrl(), e.getMessage());
            return Optional.empty();
        }
    }

    /** REQUESTED → ATTACHED, guarded by the request still naming this target (the controller may have moved it on). */
    public boolean markAttached(CatalogConnection catalog, Request request, String walPath, String message) {
        return update(catalog, """
                UPDATE wal_moves SET state = 'ATTACHED', attached_path = ?, attached_at = now(), message = ?
                WHERE move_id = ? AND state = 'REQUESTED' AND target_node = ?""", walPath, message, request);
    }

    /**
     * REQUESTED → FAILED with the reason: the agent gave up on a move that cannot succeed. Guarded like ATTACHED, and
     * announced on the catalog channel in the same transaction, so the controller sees at once that this incarnation's
     * WAL will not move (it requests no other move for it) and the node is restarted on its own volume instead.
     */
    public boolean markFailed(CatalogConnection catalog, Request request, String message) {
        try (Connection c = catalog.open()) {
            c.setAutoCommit(false);
            try (PreparedStatement ps = c.prepareStatement("""
                    UPDATE wal_moves SET state = 'FAILED', message = ?
                    WHERE move_id = ? AND state = 'REQUESTED' AND target_node = ?""")) {
                ps.setString(1, message);
                ps.setLong(2, request.moveId());
                ps.setInt(3, request.targetNode());
                if (ps.executeUpdate() == 0) {
                    c.rollback();
                    return false;
                }
            }
            try (Statement st = c.createStatement()) {
                st.execute(NOTIFY); // delivered on commit, with the new state
            }
            c.commit();
            return true;
        } catch (SQLException e) {
            log.warn("cannot mark WAL move {} failed: {}", request.moveId(), e.getMessage());
            return false;
        }
    }

    /** Leaves the request as it is and says why it is not progressing. */
    public void note(CatalogConnection catalog, Request request, String message) {
        update(catalog, "UPDATE wal_moves SET message = ? WHERE move_id = ? AND state = 'REQUESTED' AND target_node = ?",
                null, message, request);
    }

    private static boolean update(CatalogConnection catalog, String sql, String walPath, String message, Request r) {
        try (Connection c = catalog.open(); PreparedStatement ps = c.prepareStatement(sql)) {
            int i = 1;
            if (walPath != null) {
                ps.setString(i++, walPath);
            }
            ps.setString(i++, message);
            ps.setLong(i++, r.moveId());
            ps.setInt(i, r.targetNode());
            return ps.executeUpdate() == 1;
        } catch (SQLException e) {
            log.warn("cannot update WAL move {}: {}", r.moveId(), e.getMessage());
            return false;
        }
    }
}
