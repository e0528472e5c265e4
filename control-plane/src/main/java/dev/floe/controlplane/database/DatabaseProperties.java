package dev.floe.controlplane.database;

import java.nio.file.Path;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Where the control plane keeps its state.
 *
 * @param url                   JDBC URL of an existing PostgreSQL database; unset starts an embedded PostgreSQL
 * @param username              user for {@code url}
 * @param password              password for {@code url}
 * @param maxPoolSize           connections in the pool
 * @param embeddedDataDirectory data directory of the embedded PostgreSQL (relative to the working directory)
 * @param embeddedPort          port of the embedded PostgreSQL on 127.0.0.1; 0 picks a free one
 * @param embeddedDatabase      database created in the embedded PostgreSQL
 */
@ConfigurationProperties("floe.database")
public record DatabaseProperties(
        String url,
        String username,
        String password,
        @DefaultValue("10") int maxPoolSize,
        @DefaultValue(".floe/control-plane/pgdata") Path embeddedDataDirectory,
        @DefaultValue("0") int embeddedPort,
        @DefaultValue("floe") String embeddedDatabase) {

    boolean embedded() {
        return url == null || url.isBlank();
    }
}
