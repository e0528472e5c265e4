package dev.floe.broker.it;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;

/**
 * Plays the agent's part of a failover for broker tests: when the controller requests a WAL move, the
 * local volume (a directory) is handed over by writing its path (docs/failover.md). Also reads the
 * catalog's failover timestamps.
 */
final class VolumeHandOver {
    private final TestCluster cluster;

    VolumeHandOver(TestCluster cluster) {
        this.cluster = cluster;
    }

    /** Waits (bounded) for a move request for {@code failedNode} and attaches its WAL directory. */
    void attachWhenRequested(int failedNode, Duration timeout) throws Exception {
        long end = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < end) {
            try (Connection c = connect(); PreparedStatement ps = c.prepareStatement("""
                    update wal_moves set state = 'ATTACHED', attached_path = ?, attached_at = now()
                    where failed_node = ? and state = 'REQUESTED'""")) {
                ps.setString(1, cluster.walDir(failedNode).toString());
                ps.setInt(2, failedNode);
                if (ps.executeUpdate() == 1) {
                    return;
                }
            }
            Thread.sleep(100);
        }
        throw new AssertionError("no WAL move was requested for node " + failedNode + " within " + timeout);
    }

    /** Waits (bounded) until the move of {@code failedNode}'s WAL is RECOVERED. */
    void awaitRecovered(int failedNode, Duration timeout) throws Exception {
        long end = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < end) {
            if ("RECOVERED".equals(string("select state from wal_moves where failed_node = ? order by move_id desc limit 1", failedNode))) {
                return;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("the WAL of node " + failedNode + " was not recovered within " + timeout);
    }

    void awaitFenced(int node, Duration timeout) throws Exception {
        long end = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < end) {
            if ("FENCED".equals(string("select state from brokers where node_id = ?", node))) {
                return;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("node " + node + " was not fenced within " + timeout);
    }

    /** The node holding the controller role, once there is one (bounded wait). */
    int awaitController(Duration timeout) throws Exception {
        long end = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < end) {
            try (Connection c = connect(); PreparedStatement ps = c.prepareStatement(
                    "select node_id from cluster_controller");
                 ResultSet rs = ps.executeQuery()) {
                if (rs.next()) {
                    return rs.getInt(1);
                }
            }
            Thread.sleep(100);
        }
        throw new AssertionError("no controller within " + timeout);
    }

    String string(String sql, int node) throws SQLException {
        try (Connection c = connect(); PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setInt(1, node);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getString(1) : null;
            }
        }
    }

    long count(String sql, int node) throws SQLException {
        return Long.parseLong(string(sql, node));
    }

    /** fenced_at, attached_at and recovered_at of the latest move of {@code failedNode}. */
    Instant[] timeline(int failedNode) throws SQLException {
        try (Connection c = connect(); PreparedStatement ps = c.prepareStatement("""
                select b.fenced_at, m.requested_at, m.attached_at, m.recovered_at from wal_moves m
                join brokers b on b.node_id = m.failed_node where m.failed_node = ? order by m.move_id desc limit 1""")) {
            ps.setInt(1, failedNode);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                Instant[] out = new Instant[4];
                for (int i = 0; i < 4; i++) {
                    Timestamp t = rs.getTimestamp(i + 1);
                    out[i] = t == null ? null : t.toInstant();
                }
                return out;
            }
        }
    }

    private Connection connect() throws SQLException {
        return DriverManager.getConnection(cluster.jdbcUrl(), "postgres", "");
    }
}
