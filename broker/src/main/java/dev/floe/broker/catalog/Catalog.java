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

    public Catalog(String jdbcUrl, String user, String password, int poolSize) {
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
