package dev.floe.broker.catalog;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import org.flywaydb.core.Flyway;

import java.sql.Connection;
import java.sql.SQLException;

/** The cluster's PostgreSQL catalog: owns the schema (Flyway) and hands out transactions. */
public final class Catalog implements AutoCloseable {
    private final HikariDataSource dataSource;
    private final String jdbcUrl;
    private final String user;
    private final String password;

    /**
     * @param idleInTransactionMs how long PostgreSQL lets a transaction sit idle before it ends the session. A broker
     *                            process paused mid-transaction (SIGSTOP, a long GC pause, a network cut) would
     *                            otherwise hold its row locks, its own {@code brokers} row among them, and block the
     *                            very fencing that replaces it. Use the lease: past it the process is fenced anyway.
     */
    public Catalog(String jdbcUrl, String user, String password, int poolSize, long idleInTransactionMs) {
        this.jdbcUrl = jdbcUrl;
        this.user = user;
        this.password = password;
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(jdbcUrl);
        config.setUsername(user);
        config.setPassword(password);
        config.setMaximumPoolSize(poolSize);
        config.setPoolName("catalog");
        config.setConnectionTimeout(10_000);
        config.setInitializationFailTimeout(30_000);
        config.setConnectionInitSql("set idle_in_transaction_session_timeout = " + idleInTransactionMs);
        this.dataSource = new HikariDataSource(config);
    }

    /** Applies pending migrations; several brokers may start at once, Flyway serialises them. */
    public void migrate() {
        Flyway.configure().dataSource(dataSource).locations("classpath:db/catalog").load().migrate();
    }

    /** A connection outside the pool, for session-scoped state such as the controller's advisory lock. */
    public Connection dedicatedConnection() throws SQLException {
        return java.sql.DriverManager.getConnection(jdbcUrl, user, password);
    }

    public <T> T inTransaction(Work<T> work) {
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try {
                T result = work.run(c);
                c.commit();
                return result;
            } catch (Throwable e) {
                c.rollback();
                throw e;
            }
        } catch (SQLException e) {
            throw new CatalogException(e.getMessage(), e);
        }
    }

    public <T> T read(Work<T> work) {
        try (Connection c = dataSource.getConnection()) {
            return work.run(c);
        } catch (SQLException e) {
            throw new CatalogException(e.getMessage(), e);
        }
    }

    @FunctionalInterface
    public interface Work<T> {
        T run(Connection c) throws SQLException;
    }

    @Override
    public void close() {
        dataSource.close();
    }
}
