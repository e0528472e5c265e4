package dev.floe.controlplane.database;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.floe.embedded.EmbeddedPostgres;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The one DataSource: the configured database, or a real PostgreSQL started from embedded binaries when none is
 * configured, so a fresh checkout runs with nothing installed.
 */
@Configuration(proxyBeanMethods = false)
class DatabaseConfiguration {

    private static final Logger log = LoggerFactory.getLogger(DatabaseConfiguration.class);

    @Bean(destroyMethod = "close")
    EmbeddedDatabase embeddedDatabase(DatabaseProperties properties) {
        if (!properties.embedded()) {
            return EmbeddedDatabase.none();
        }
        EmbeddedPostgres postgres = EmbeddedPostgres.builder()
                .dataDirectory(properties.embeddedDataDirectory())
                .port(properties.embeddedPort())
                .start();
        postgres.createDatabaseIfMissing(properties.embeddedDatabase());
        log.info("using embedded PostgreSQL at {} (data in {})", postgres.jdbcUrl(properties.embeddedDatabase()),
                properties.embeddedDataDirectory().toAbsolutePath().normalize());
        return EmbeddedDatabase.of(postgres);
    }

    @Bean(destroyMethod = "close")
    HikariDataSource dataSource(DatabaseProperties properties, EmbeddedDatabase embedded) {
        HikariConfig config = new HikariConfig();
        config.setPoolName("floe-control-plane");
        config.setMaximumPoolSize(properties.maxPoolSize());
        if (properties.embedded()) {
            config.setJdbcUrl(embedded.postgres().jdbcUrl(properties.embeddedDatabase()));
            config.setUsername(EmbeddedPostgres.USER);
        } else {
            config.setJdbcUrl(properties.url());
            config.setUsername(properties.username());
            config.setPassword(properties.password());
        }
        return new HikariDataSource(config);
    }

    /** Holder so that the embedded server is stopped after the pool that uses it is closed. */
    record EmbeddedDatabase(EmbeddedPostgres postgres) implements AutoCloseable {
        static EmbeddedDatabase none() {
            return new EmbeddedDatabase(null);
        }

        static EmbeddedDatabase of(EmbeddedPostgres postgres) {
            return new EmbeddedDatabase(postgres);
        }

        @Override
        public void close() {
            if (postgres != null) {
                postgres.close();
            }
        }
    }
}
