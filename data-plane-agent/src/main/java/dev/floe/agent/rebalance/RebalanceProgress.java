package dev.floe.agent.rebalance;

import dev.floe.agent.provider.CatalogConnection;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads the balancing decisions the brokers' controller records in the catalog ({@code rebalances} with their
 * {@code partition_moves}, migration V4). Times are the catalog's own clock. A catalog without these tables (older
 * brokers) has no rebalances.
 */
public class RebalanceProgress {

    /**
     * One {@code rebalances} row; {@code settled} when it was planned over a minute ago (catalog time), so no rebalance
     * with a smaller id can still appear: ids are handed out before the inserting transaction commits, and both the
     * controller and a draining broker insert.
     */
    public record Rebalance(long rebalanceId, String trigger, String summary, int plannedBy, String state,
                            Instant plannedAt, Instant completedAt, boolean settled) {

        public boolean succeeded() {
            return "SUCCEEDED".equals(state);
        }
    }

    /** One {@code partition_moves} row. */
    public record Move(long moveId, long rebalanceId, String topicName, int partition, int fromNode, int toNode,
                       String state, Instant requestedAt, Instant completedAt, String message) {
    }

    /**
     * Rebalances after {@code afterId}, oldest first: those of the last hour and any still running. Older finished
     * ones are history, not something to report (an agent restarted long after).
     */
    public List<Rebalance> after(CatalogConnection catalog, long afterId, int limit) throws SQLException {
        List<Rebalance> out = new ArrayList<>();
        try (Connection c = catalog.open(); PreparedStatement ps = c.prepareStatement("""
                SELECT rebalance_id, trigger, summary, planned_by, state, planned_at, completed_at,
                       planned_at < now() - interval '1 minute'
                FROM rebalances
                WHERE rebalance_id > ? AND (planned_at > now() - interval '1 hour' OR state = 'RUNNING')
                ORDER BY rebalance_id LIMIT ?""")) {
            ps.setLong(1, afterId);
            ps.setInt(2, limit);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new Rebalance(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getInt(4),
                            rs.getString(5), instant(rs.getTimestamp(6)), instant(rs.getTimestamp(7)),
                            rs.getBoolean(8)));
                }
            }
        } catch (SQLException e) {
            if ("42P01".equals(e.getSQLState())) {
                return List.of(); // a catalog without balancing: nothing is ever rebalanced
            }
            throw e;
        }
        return out;
    }

    /** The moves of each of these rebalances, in the order they were requested. */
    public Map<Long, List<Move>> moves(CatalogConnection catalog, Collection<Long> rebalanceIds) throws SQLException {
        Map<Long, List<Move>> out = new HashMap<>();
        if (rebalanceIds.isEmpty()) {
            return out;
        }
        try (Connection c = catalog.open(); PreparedStatement ps = c.prepareStatement("""
                SELECT move_id, rebalance_id, topic_name, partition, from_node, to_node, state, requested_at,
                       completed_at, message
                FROM partition_moves WHERE rebalance_id = ANY (?) ORDER BY move_id""")) {
            Array ids = c.createArrayOf("bigint", rebalanceIds.toArray());
            ps.setArray(1, ids);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    Move move = new Move(rs.getLong(1), rs.getLong(2), rs.getString(3), rs.getInt(4), rs.getInt(5),
                            rs.getInt(6), rs.getString(7), instant(rs.getTimestamp(8)), instant(rs.getTimestamp(9)),
                            rs.getString(10));
                    out.computeIfAbsent(move.rebalanceId(), k -> new ArrayList<>()).add(move);
                }
            }
        }
        return out;
    }

    private static Instant instant(Timestamp t) {
        return t == null ? null : t.toInstant();
    }
}
