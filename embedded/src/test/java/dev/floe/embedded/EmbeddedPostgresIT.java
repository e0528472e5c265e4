package dev.floe.embedded;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EmbeddedPostgresIT {

    @TempDir
    Path dir;

    @Test
    void dataSurvivesStopAndStartOnTheSameDirectory() throws SQLException {
        Path data = dir.resolve("pgdata");
        try (EmbeddedPostgres pg = EmbeddedPostgres.builder().dataDirectory(data).start()) {
            pg.createDatabaseIfMissing("catalog");
            execute(pg.jdbcUrl("catalog"), "CREATE TABLE t (v int); INSERT INTO t VALUES (42)");
        }
        try (EmbeddedPostgres pg = EmbeddedPostgres.builder().dataDirectory(data).start()) {
            assertThat(queryInt(pg.jdbcUrl("catalog"), "SELECT v FROM t")).isEqualTo(42);
        }
    }

    @Test
    void startingAgainWhileRunningAdoptsTheRunningServer() throws SQLException {
        Path data = dir.resolve("pgdata");
        try (EmbeddedPostgres first = EmbeddedPostgres.builder().dataDirectory(data).start()) {
            EmbeddedPostgres second = EmbeddedPostgres.builder().dataDirectory(data).start();
            assertThat(second.port()).isEqualTo(first.port());
            assertThat(queryInt(second.jdbcUrl("postgres"), "SELECT 1")).isEqualTo(1);
        }
    }

    @Test
    void creatingAnExistingDatabaseIsANoOpAndDroppingRemovesIt() throws SQLException {
        try (EmbeddedPostgres pg = EmbeddedPostgres.builder().dataDirectory(dir.resolve("pgdata")).start()) {
            pg.createDatabaseIfMissing("cluster_a");
            pg.createDatabaseIfMissing("cluster_a");
            assertThat(queryInt(pg.jdbcUrl("postgres"),
                    "SELECT count(*) FROM pg_database WHERE datname = 'cluster_a'")).isEqualTo(1);
            pg.dropDatabaseIfExists("cluster_a");
            assertThat(queryInt(pg.jdbcUrl("postgres"),
                    "SELECT count(*) FROM pg_database WHERE datname = 'cluster_a'")).isZero();
        }
    }

    @Test
    void rejectsDatabaseNamesThatAreNotPlainIdentifiers() {
        try (EmbeddedPostgres pg = EmbeddedPostgres.builder().dataDirectory(dir.resolve("pgdata")).start()) {
            assertThatThrownBy(() -> pg.createDatabaseIfMissing("x; DROP DATABASE postgres"))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("invalid database name");
        }
    }

    private static void execute(String url, String sql) throws SQLException {
        try (Connection c = DriverManager.getConnection(url, EmbeddedPostgres.USER, "");
             Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }

    private static int queryInt(String url, String sql) throws SQLException {
        try (Connection c = DriverManager.getConnection(url, EmbeddedPostgres.USER, "");
             Statement s = c.createStatement();
             ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getInt(1);
        }
    }
}
