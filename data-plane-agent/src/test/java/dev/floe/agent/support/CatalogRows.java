package dev.floe.agent.support;

import dev.floe.agent.provider.CatalogConnection;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;

/**
 * A cluster catalog as the agent's tests arrange and read it: the rows brokers and their controller would write, what
 * the agent wrote back, and waits for what should follow.
 */
public final class CatalogRows {

    private static final Duration POLL = Duration.ofMillis(100);

    private final CatalogConnection catalog;

    public CatalogRows(CatalogConnection catalog) {
        this.catalog = catalog;
    }

    /**
     * The row a broker registers for itself, with incarnation = node id and a lease ending {@code leaseLeft} from now
     * (negative: already lapsed). Address and zone are placeholders: the agent reads neither.
     */
    public void insertBroker(int node, String state, String launchId, Duration leaseLeft) throws SQLException {
        try (Connection c = catalog.open(); PreparedStatement ps = c.prepareStatement("""
                insert into brokers (node_id, host, port, zone, state, lease_expires_at, incarnation, launch_id)
                values (?, '127.0.0.1', ?, ?, ?, now() + ?::interval, ?, ?)""")) {
            ps.setInt(1, node);
            ps.setInt(2, 19090 + node);
            ps.setString(3, node % 2 == 1 ? "zone-a" : "zone-b");
            ps.setString(4, state);
            ps.setString(5, leaseLeft.toMillis() + " milliseconds");
            ps.setLong(6, node);
            ps.setString(7, launchId);
            ps.executeUpdate();
        }
    }

    /** "state|fence reason" of the node's broker row, or null without one. */
    public String brokerState(int node) throws SQLException {
        return query("select state, fence_reason from brokers where node_id = " + node,
                row -> row.getString(1) + "|" + row.getString(2));
    }

    /** The controller's request to move the failed node's WAL volume to the target; returns its move id. */
    public long requestWalMove(int failedNode, String volumeId, int targetNode) throws SQLException {
        return insertWalMove(failedNode, volumeId, targetNode, "REQUESTED");
    }

    /** A WAL move of the failed node's first incarnation, in the given state; returns its move id. */
    public long insertWalMove(int failedNode, String volumeId, int targetNode, String state) throws SQLException {
        try (Connection c = catalog.open()) {
            return insertWalMove(c, failedNode, volumeId, targetNode, state);
        }
    }

    /** Requests a WAL move as the controller does: the request and its notification in one transaction. */
    public long requestWalMoveAndNotify(int failedNode, String volumeId, int targetNode) throws SQLException {
        try (Connection c = catalog.open()) {
            c.setAutoCommit(false);
            long moveId = insertWalMove(c, failedNode, volumeId, targetNode, "REQUESTED");
            try (Statement st = c.createStatement()) {
                st.execute("select pg_notify('floe_catalog', 'wal_moves')");
            }
            c.commit();
            return moveId;
        }
    }

    private static long insertWalMove(Connection c, int failedNode, String volumeId, int targetNode, String state)
            throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("""
                insert into wal_moves (failed_node, failed_incarnation, volume_id, target_node, state)
                values (?, 1, ?, ?, ?) returning move_id""")) {
            ps.setInt(1, failedNode);
            ps.setString(2, volumeId);
            ps.setInt(3, targetNode);
            ps.setString(4, state);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    /** "state|message" of the move, or null without one. */
    public String walMove(long moveId) throws SQLException {
        return query("select state, message from wal_moves where move_id = " + moveId,
                row -> row.getString(1) + "|" + row.getString(2));
    }

    /** "state|message" of the failed node's latest move, or null without one. */
    public String latestWalMove(int failedNode) throws SQLException {
        return query("select state, message from wal_moves where failed_node = " + failedNode
                + " order by move_id desc limit 1", row -> row.getString(1) + "|" + row.getString(2));
    }

    public void sql(String statement) throws SQLException {
        try (Connection c = catalog.open(); Statement st = c.createStatement()) {
            st.execute(statement);
        }
    }

    /** The first column of the query's first row as text, or null without a row. */
    public String value(String sql) throws SQLException {
        return query(sql, row -> row.getString(1));
    }

    /** The first column of the query's first row as an instant, or null without a row or a value. */
    public Instant instant(String sql) throws SQLException {
        return query(sql, row -> row.getTimestamp(1) == null ? null : row.getTimestamp(1).toInstant());
    }

    /** What {@code read} makes of the query's first row, or null without a row. */
    public <T> T query(String sql, RowReader<T> read) throws SQLException {
        try (Connection c = catalog.open(); Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            return rs.next() ? read.read(rs) : null;
        }
    }

    /** The query's first value once it returns a row with one, within {@code limit}. */
    public String awaitValue(String sql, Duration limit) throws Exception {
        return await(sql, limit, () -> value(sql));
    }

    /** What {@code probe} returns once it returns neither null nor false, asked every 100 ms within {@code limit}. */
    public static <T> T await(String expected, Duration limit, Callable<T> probe) throws Exception {
        return await(expected, limit, POLL, probe);
    }

    /** As {@link #await(String, Duration, Callable)}, asking {@code every} so often (closely, for a passing state). */
    public static <T> T await(String expected, Duration limit, Duration every, Callable<T> probe) throws Exception {
        long deadline = System.nanoTime() + limit.toNanos();
        while (System.nanoTime() < deadline) {
            T value = probe.call();
            if (value != null && !Boolean.FALSE.equals(value)) {
                return value;
            }
            Thread.sleep(every.toMillis());
        }
        throw new AssertionError("not within " + limit + ": " + expected);
    }

    /** Listens on the channel the brokers and the agent announce catalog changes on. */
    public Listener listen() throws SQLException {
        Connection c = catalog.open();
        try (Statement st = c.createStatement()) {
            st.execute("LISTEN floe_catalog");
        } catch (SQLException e) {
            c.close();
            throw e;
        }
        return new Listener(c);
    }

    /** Reads one row of a query. */
    @FunctionalInterface
    public interface RowReader<T> {
        T read(ResultSet row) throws SQLException;
    }

    /** Notifications on the catalog channel since it was opened. */
    public static final class Listener implements AutoCloseable {

        private final Connection connection;

        private Listener(Connection connection) {
            this.connection = connection;
        }

        /** The payloads (table names) announced since the last call, waiting up to half a second for the first. */
        public List<String> received() throws SQLException {
            List<String> out = new ArrayList<>();
            PGNotification[] received = connection.unwrap(PGConnection.class).getNotifications(500);
            if (received != null) {
                for (PGNotification n : received) {
                    out.add(n.getParameter());
                }
            }
            return out;
        }

        @Override
        public void close() throws SQLException {
            connection.close();
        }
    }
}
