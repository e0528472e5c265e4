package dev.floe.bench.elastic;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Read-only queries on a Floe cluster's catalog (broker/src/main/resources/db/catalog): leases, fencing, WAL moves
 * and partition owners. The benchmark never writes to it. One connection, reopened after an error.
 */
final class Catalog implements AutoCloseable {

    /**
     * A {@code brokers} row; {@code live} = its lease has not lapsed by the catalog's clock. {@code fenceReason} is
     * null where the catalog has no such column (before schema V4).
     */
    record Broker(int nodeId, String state, long incarnation, boolean live, Instant leaseExpiresAt, Instant fencedAt,
                  Instant startedAt, String fenceReason) {
        boolean serving() {
            return live && "UP".equals(state);
        }
    }

    /** A {@code wal_moves} row (docs/failover.md). */
    record WalMove(long moveId, int targetNode, String state, Instant requestedAt, Instant attachedAt,
                   Instant recoveredAt, String message) {
    }

    /** Partition owners over every topic, the internal coordinator slots included (what the balancer evens out). */
    record Ownership(Map<Integer, Integer> partitionsByOwner, int unowned, int moving) {
    }

    private final String url;
    private final String user;
    private final String password;
    private Connection connection;
    private Boolean fenceReasonColumn;

    Catalog(String url, String user, String password) {
        this.url = url;
        this.user = user;
        this.password = password;
    }

    List<Broker> brokers() throws SQLException {
        String reason = hasFenceReason() ? "fence_reason" : "NULL";
        return query("""
                SELECT node_id, state, incarnation, lease_expires_at > now(), lease_expires_at, fenced_at, started_at, %s
                FROM brokers ORDER BY node_id""".formatted(reason), rs -> {
            List<Broker> out = new ArrayList<>();
            while (rs.next()) {
                out.add(new Broker(rs.getInt(1), rs.getString(2), rs.getLong(3), rs.getBoolean(4), instant(rs, 5),
                        instant(rs, 6), instant(rs, 7), rs.getString(8)));
            }
            return out;
        });
    }

    /** Whether the catalog records why a broker was fenced (schema V4: the lease, or the agent seeing it dead). */
    private boolean hasFenceReason() throws SQLException {
        if (fenceReasonColumn == null) {
            fenceReasonColumn = query("""
                    SELECT count(*) FROM information_schema.columns
                    WHERE table_name = 'brokers' AND column_name = 'fence_reason'""", rs -> {
                rs.next();
                return rs.getInt(1) > 0;
            });
        }
        return fenceReasonColumn;
    }

    Optional<Broker> broker(int nodeId) throws SQLException {
        return brokers().stream().filter(b -> b.nodeId() == nodeId).findFirst();
    }

    Optional<Integer> controller() throws SQLException {
        return query("SELECT node_id FROM cluster_controller", rs -> rs.next() ? Optional.of(rs.getInt(1))
                : Optional.empty());
    }

    Ownership ownership() throws SQLException {
        return query("""
                SELECT owner_node, count(*), count(*) FILTER (WHERE move_to IS NOT NULL)
                FROM partitions GROUP BY owner_node""", rs -> {
            Map<Integer, Integer> owners = new TreeMap<>();
            int unowned = 0;
            int moving = 0;
            while (rs.next()) {
                int owner = rs.getInt(1);
                if (rs.wasNull()) {
                    unowned += rs.getInt(2);
                } else {
                    owners.put(owner, rs.getInt(2));
                }
                moving += rs.getInt(3);
            }
            return new Ownership(owners, unowned, moving);
        });
    }

    /** Partitions of one topic owned by a node, in partition order. */
    List<Integer> partitionsOwnedBy(String topic, int nodeId) throws SQLException {
        return query("""
                SELECT p.partition FROM partitions p JOIN topics t USING (topic_id)
                WHERE t.name = ? AND p.owner_node = ? ORDER BY p.partition""", rs -> {
            List<Integer> out = new ArrayList<>();
            while (rs.next()) {
                out.add(rs.getInt(1));
            }
            return out;
        }, topic, nodeId);
    }

    /** Owner of each partition of one topic (absent = unowned). */
    Map<Integer, Integer> owners(String topic) throws SQLException {
        return query("""
                SELECT p.partition, p.owner_node FROM partitions p JOIN topics t USING (topic_id)
                WHERE t.name = ? AND p.owner_node IS NOT NULL""", rs -> {
            Map<Integer, Integer> out = new TreeMap<>();
            while (rs.next()) {
                out.put(rs.getInt(1), rs.getInt(2));
            }
            return out;
        }, topic);
    }

    int partitionsOwnedBy(int nodeId) throws SQLException {
        return query("SELECT count(*) FROM partitions WHERE owner_node = ?", rs -> {
            rs.next();
            return rs.getInt(1);
        }, nodeId);
    }

    Optional<WalMove> walMove(int failedNode, long failedIncarnation) throws SQLException {
        return query("""
                SELECT move_id, target_node, state, requested_at, attached_at, recovered_at, message FROM wal_moves
                WHERE failed_node = ? AND failed_incarnation = ? ORDER BY move_id DESC LIMIT 1""", rs -> rs.next()
                ? Optional.of(new WalMove(rs.getLong(1), rs.getInt(2), rs.getString(3), instant(rs, 4), instant(rs, 5),
                        instant(rs, 6), rs.getString(7)))
                : Optional.empty(), failedNode, failedIncarnation);
    }

    private interface Reader<T> {
        T read(ResultSet rs) throws SQLException;
    }

    private <T> T query(String sql, Reader<T> reader, Object... parameters) throws SQLException {
        try {
            return run(sql, reader, parameters);
        } catch (SQLException e) {
            close(); // a broken connection: one retry on a fresh one
            return run(sql, reader, parameters);
        }
    }

    private <T> T run(String sql, Reader<T> reader, Object... parameters) throws SQLException {
        if (connection == null) {
            connection = DriverManager.getConnection(url, user, password);
        }
        try (PreparedStatement ps = connection.prepareStatement(sql)) {
            for (int i = 0; i < parameters.length; i++) {
                ps.setObject(i + 1, parameters[i]);
            }
            try (ResultSet rs = ps.executeQuery()) {
                return reader.read(rs);
            }
        }
    }

    private static Instant instant(ResultSet rs, int column) throws SQLException {
        Timestamp ts = rs.getTimestamp(column);
        return ts == null ? null : ts.toInstant();
    }

    @Override
    public void close() {
        if (connection != null) {
            try {
                connection.close();
            } catch (SQLException ignored) {
                // already broken
            }
            connection = null;
        }
    }
}
