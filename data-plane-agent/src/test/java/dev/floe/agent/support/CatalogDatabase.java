package dev.floe.agent.support;

import dev.floe.agent.provider.CatalogConnection;
import dev.floe.embedded.EmbeddedPostgres;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import org.flywaydb.core.Flyway;

/**
 * A cluster catalog on a real PostgreSQL, migrated with the broker's own Flyway scripts, for tests of what the agent
 * reads and writes there without running brokers.
 */
public final class CatalogDatabase implements AutoCloseable {

    private final EmbeddedPostgres postgres;
    private final CatalogConnection catalog;

    private CatalogDatabase(EmbeddedPostgres postgres, CatalogConnection catalog) {
        this.postgres = postgres;
        this.catalog = catalog;
    }

    public static CatalogDatabase start(Path dataDirectory) {
        EmbeddedPostgres postgres = EmbeddedPostgres.builder().dataDirectory(dataDirectory).port(0).start();
        postgres.createDatabaseIfMissing("catalog");
        CatalogConnection catalog = new CatalogConnection(postgres.jdbcUrl("catalog"), "postgres", "");
        migrate(catalog);
        return new CatalogDatabase(postgres, catalog);
    }

    /** Gives an existing catalog database (one a provider created) the broker's schema, as a first broker would. */
    public static void migrate(CatalogConnection catalog) {
        Path migrations = Path.of(System.getProperty("floe.catalog.migrations",
                "../broker/src/main/resources/db/catalog")).toAbsolutePath();
        if (!Files.isDirectory(migrations)) {
            throw new IllegalStateException("the broker's catalog migrations are not at " + migrations);
        }
        Flyway.configure().dataSource(catalog.jdbcUrl(), catalog.username(),
                        catalog.password() == null ? "" : catalog.password())
                .locations("filesystem:" + migrations).load().migrate();
    }

    public CatalogConnection connection() {
        return catalog;
    }

    public void sql(String statement) throws Exception {
        try (Connection c = DriverManager.getConnection(catalog.jdbcUrl(), catalog.username(), catalog.password());
             Statement st = c.createStatement()) {
            st.execute(statement);
        }
    }

    /** Stops PostgreSQL: the catalog becomes unreachable, as in an outage. */
    @Override
    public void close() {
        postgres.close();
    }
}
