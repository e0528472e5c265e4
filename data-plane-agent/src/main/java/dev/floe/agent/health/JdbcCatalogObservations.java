package dev.floe.agent.health;

import dev.floe.agent.provider.CatalogConnection;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads leases from the broker's {@code brokers} table. The schema is the broker's, so columns are discovered
 * rather than assumed: a node id column ({@code node_id} or {@code broker_id}) and a lease expiry column
 * ({@code lease_expires_at}, {@code lease_expiry} or {@code expires_at}). Anything else means "cannot tell".
 * Partition counts come from {@code partitions.owner_node} the same way, traffic from the {@code bytes_*_per_sec}
 * columns the broker writes with each lease renewal.
 */
public final class JdbcCatalogObservations implements CatalogObservations {

    private static final Logger log = LoggerFactory.getLogger(JdbcCatalogObservations.class);
    /** Brokers renew (and report traffic) about every second; a sample this old belongs to a broker that stopped. */
    static final int STALE_AFTER_SECONDS = 30;
    private static final Set<String> TRAFFIC_COLUMNS = Set.of("bytes_in_per_sec", "bytes_out_per_sec", "traffic_sampled_at");
    private static final String[] NODE_COLUMNS = {"node_id", "broker_id", "id"};
    private static final String[] EXPIRY_COLUMNS = {"lease_expires_at", "lease_expiry", "expires_at", "lease_until"};

    @Override
    public Optional<Map<Integer, Boolean>> leases(CatalogConnection catalog) {
        if (catalog == null || catalog.jdbcUrl() == null) {
            return Optional.empty();
        }
        try (Connection connection = connect(catalog)) {
            Set<String> columns = columns(connection.getMetaData());
            String node = first(columns, NODE_COLUMNS);
            String expiry = first(columns, EXPIRY_COLUMNS);
            if (node == null || expiry == null) {
                return Optional.empty();
            }
            Map<Integer, Boolean> leases = new HashMap<>();
            try (Statement st = connection.createStatement();
                 ResultSet rows = st.executeQuery("SELECT " + node + ", " + expiry + " > now() FROM brokers")) {
                while (rows.next()) {
                    leases.put(rows.getInt(1), rows.getBoolean(2));
                }
            }
            return Optional.of(leases);
        } catch (SQLException e) {
            log.debug("cannot read broker leases from {}: {}", catalog.jdbcUrl(), e.getMessage());
            return Optional.empty();
        }
    }

    @Override
    public Optional<Map<Integer, Integer>> partitionsByOwner(CatalogConnection catalog) {
        if (catalog == null || catalog.jdbcUrl() == null) {
            return Optional.empty();
        }
        try (Connection connection = connect(catalog)) {
            if (!columns(connection.getMetaData(), "partitions").contains("owner_node")) {
                return Optional.empty();
            }
            Map<Integer, Integer> counts = new HashMap<>();
            try (Statement st = connection.createStatement();
                 ResultSet rows = st.executeQuery(
                         "SELECT owner_node, count(*) FROM partitions WHERE owner_node IS NOT NULL GROUP BY owner_node")) {
                while (rows.next()) {
                    counts.put(rows.getInt(1), rows.getInt(2));
                }
            }
            return Optional.of(counts);
        } catch (SQLException e) {
            log.debug("cannot read partition owners from {}: {}", catalog.jdbcUrl(), e.getMessage());
            return Optional.empty();
        }
    }

    @Override
    public Optional<Map<Integer, Boolean>> walClean(CatalogConnection catalog) {
        if (catalog == null || catalog.jdbcUrl() == null) {
            return Optional.empty();
        }
        try (Connection connection = connect(catalog)) {
            Set<String> columns = columns(connection.getMetaData());
            String node = first(columns, NODE_COLUMNS);
            if (node == null || !columns.contains("wal_clean")) {
                return Optional.empty();
            }
            Map<Integer, Boolean> clean = new HashMap<>();
            try (Statement st = connection.createStatement();
                 ResultSet rows = st.executeQuery("SELECT " + node + ", wal_clean FROM brokers")) {
                while (rows.next()) {
                    clean.put(rows.getInt(1), rows.getBoolean(2));
                }
            }
            return Optional.of(clean);
        } catch (SQLException e) {
            log.debug("cannot read WAL state from {}: {}", catalog.jdbcUrl(), e.getMessage());
            return Optional.empty();
        }
    }

    @Override
    public Optional<Map<Integer, String>> retiredLaunches(CatalogConnection catalog) {
        if (catalog == null || catalog.jdbcUrl() == null) {
            return Optional.empty();
        }
        try (Connection connection = connect(catalog); Statement st = connection.createStatement();
             ResultSet rows = st.executeQuery("SELECT node_id, launch_id FROM brokers WHERE state = 'FENCED' "
                     + "AND lease_expires_at <= now() AND launch_id IS NOT NULL")) {
            Map<Integer, String> retired = new HashMap<>();
            while (rows.next()) {
                retired.put(rows.getInt(1), rows.getString(2));
            }
            return Optional.of(retired);
        } catch (SQLException e) {
            // a catalog older than launch ids (V4) cannot tell either
            log.debug("cannot read fenced launches from {}: {}", catalog.jdbcUrl(), e.getMessage());
            return Optional.empty();
        }
    }

    @Override
    public Optional<Map<Integer, BrokerTraffic>> traffic(CatalogConnection catalog) {
        if (catalog == null || catalog.jdbcUrl() == null) {
            return Optional.empty();
        }
        try (Connection connection = connect(catalog)) {
            Set<String> columns = columns(connection.getMetaData());
            String node = first(columns, NODE_COLUMNS);
            if (node == null || !columns.containsAll(TRAFFIC_COLUMNS)) {
                return Optional.empty();
            }
            Map<Integer, BrokerTraffic> traffic = new HashMap<>();
            // A rate is only as current as its sample: a broker that stopped renewing (dead, paused) has no traffic.
            try (Statement st = connection.createStatement();
                 ResultSet rows = st.executeQuery("SELECT " + node + ", bytes_in_per_sec, bytes_out_per_sec FROM brokers "
                         + "WHERE traffic_sampled_at > now() - interval '" + STALE_AFTER_SECONDS + " seconds'")) {
                while (rows.next()) {
                    traffic.put(rows.getInt(1), new BrokerTraffic(rows.getDouble(2), rows.getDouble(3)));
                }
            }
            return Optional.of(traffic);
        } catch (SQLException e) {
            log.debug("cannot read broker traffic from {}: {}", catalog.jdbcUrl(), e.getMessage());
            return Optional.empty();
        }
    }

    private static Connection connect(CatalogConnection catalog) throws SQLException {
        java.util.Properties props = new java.util.Properties();
        props.setProperty("user", catalog.username() == null ? "" : catalog.username());
        props.setProperty("password", catalog.password() == null ? "" : catalog.password());
        props.setProperty("connectTimeout", "3");
        props.setProperty("socketTimeout", "5");
        return DriverManager.getConnection(catalog.jdbcUrl(), props);
    }

    private static Set<String> columns(DatabaseMetaData meta) throws SQLException {
        return columns(meta, "brokers");
    }

    private static Set<String> columns(DatabaseMetaData meta, String table) throws SQLException {
        Set<String> columns = new HashSet<>();
        try (ResultSet rs = meta.getColumns(null, null, table, null)) {
            while (rs.next()) {
                columns.add(rs.getString("COLUMN_NAME").toLowerCase(Locale.ROOT));
            }
        }
        return columns;
    }

    private static String first(Set<String> columns, String[] candidates) {
        for (String candidate : candidates) {
            if (columns.contains(candidate)) {
                return candidate;
            }
        }
        return null;
    }
}
