package dev.floe.agent.health;

import static org.assertj.core.api.Assertions.assertThat;

import dev.floe.agent.provider.CatalogConnection;
import dev.floe.embedded.EmbeddedPostgres;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Traffic as the broker reports it in its {@code brokers} table, read by a real PostgreSQL: current rates per node,
 * nothing for a broker whose last report is stale, and "cannot tell" for a catalog without the columns.
 */
class CatalogTrafficIT {

    @TempDir
    Path dir;
    private EmbeddedPostgres pg;
    private CatalogConnection catalog;

    @BeforeEach
    void start() {
        pg = EmbeddedPostgres.builder().dataDirectory(dir.resolve("pg")).port(0).start();
        pg.createDatabaseIfMissing("catalog");
        catalog = new CatalogConnection(pg.jdbcUrl("catalog"), "postgres", "");
    }

    @AfterEach
    void stop() {
        if (pg != null) {
            pg.close();
        }
    }

    @Test
    void readsEachLiveBrokersRatesAndLeavesOutStaleReports() throws Exception {
        sql("""
                create table brokers (node_id integer primary key, lease_expires_at timestamptz not null,
                  bytes_in_total bigint not null default 0, bytes_out_total bigint not null default 0,
                  bytes_in_per_sec double precision not null default 0, bytes_out_per_sec double precision not null default 0,
                  traffic_sampled_at timestamptz)""");
        sql("insert into brokers values (1, now(), 6000, 9000, 100.5, 150.25, now())");
        sql("insert into brokers values (2, now(), 6000, 9000, 70, 80, now() - interval '5 minutes')"); // stopped reporting
        sql("insert into brokers values (3, now(), 0, 0, 0, 0, null)");                                  // never reported

        assertThat(new JdbcCatalogObservations().traffic(catalog)).hasValueSatisfying(t -> assertThat(t)
                .containsOnlyKeys(1).containsEntry(1, new BrokerTraffic(100.5, 150.25)));
    }

    @Test
    void aCatalogWithoutTrafficColumnsCannotTell() throws Exception {
        sql("create table brokers (node_id integer primary key, lease_expires_at timestamptz not null)");
        sql("insert into brokers values (1, now())");

        assertThat(new JdbcCatalogObservations().traffic(catalog)).isEmpty();
    }

    @Test
    void anUnreachableCatalogCannotTell() {
        pg.close();
        assertThat(new JdbcCatalogObservations().traffic(catalog)).isEmpty();
        pg = null;
    }

    private void sql(String statement) throws Exception {
        try (Connection c = DriverManager.getConnection(catalog.jdbcUrl(), "postgres", "");
             Statement st = c.createStatement()) {
            st.execute(statement);
        }
    }
}
