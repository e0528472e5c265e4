package dev.floe.agent.failover;

import dev.floe.agent.provider.CatalogConnection;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Reads how far each crash failover got from the broker catalog (docs/failover.md): the {@code wal_moves} row with its
 * timestamps, and the failed node's {@code brokers} row. Times are the catalog's own clock, so durations between them
 * do not depend on the agent's clock.
 */
public class ReplacementProgress {

    /** Moves older than this are history, not something to report (an agent restarted long after). */
    private static final String WINDOW = "1 hour";

    /** One {@code wal_moves} row. */
    public record Move(long moveId, int failedNode, long failedIncarnation, String volumeId, int targetNode,
                       String state, Instant requestedAt, Instant attachedAt, Instant recoveredAt, String message) {
    }

    /**
     * The node's {@code brokers} row as of {@code observedAt} (catalog time), with the partitions it owns;
     * {@code fenceReason} says who fenced it and why (null in a catalog older than V4).
     */
    public record Node(long incarnation, String state, Instant leaseExpiresAt, Instant fencedAt, String fenceReason,
                       boolean leaseLive, int ownedPartitions, Instant observedAt) {
    }

    public List<Move> recentMoves(CatalogConnection catalog) throws SQLException {
        List<Move> out = new ArrayList<>();
        try (Connection c = catalog.open(); PreparedStatement ps = c.prepareStatement("""
                SELECT move_id, failed_node, failed_incarnation, volume_id, target_node, state, requested_at,
                       attached_at, recovered_at, message
                FROM wal_moves WHERE requested_at > now() - interval '""" + WINDOW + "' ORDER BY move_id");
             ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                out.add(new Move(rs.getLong(1), rs.getInt(2), rs.getLong(3), rs.getString(4), rs.getInt(5),
                        rs.getString(6), instant(rs.getTimestamp(7)), instant(rs.getTimestamp(8)),
                        instant(rs.getTimestamp(9)), rs.getString(10)));
            }
        } catch (SQLException e) {
            if ("42P01".equals(e.getSQLState())) {
                return List.of(); // a catalog without failover: nothing ever moves
            }
            throw e;
        }
        return out;
    }

    public Optional<Node> node(CatalogConnection catalog, int nodeId) throws SQLException {
        // to_jsonb reads fence_reason where the column exists and null where the catalog is older
        try (Connection c = catalog.open(); PreparedStatement ps = c.prepareStatement("""
                SELECT b.incarnation, b.state, b.lease_expires_at, b.fenced_at, to_jsonb(b) ->> 'fence_reason',
                       b.lease_expires_at > now(), (SELECT count(*) FROM partitions p WHERE p.owner_node = b.node_id),
                       now()
                FROM brokers b WHERE b.node_id = ?""")) {
            ps.setInt(1, nodeId);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    return Optional.empty();
                }
                return Optional.of(new Node(rs.getLong(1), rs.getString(2), instant(rs.getTimestamp(3)),
                        instant(rs.getTimestamp(4)), rs.getString(5), rs.getBoolean(6), rs.getInt(7),
                        instant(rs.getTimestamp(8))));
            }
        }
    }

    private static Instant instant(Timestamp t) {
        return t == null ? null : t.toInstant();
    }
}
