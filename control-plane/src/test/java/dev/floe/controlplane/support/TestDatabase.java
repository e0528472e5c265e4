package dev.floe.controlplane.support;

import dev.floe.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.postgresql.PostgreSQLContainer;

/**
 * The one real PostgreSQL every test of this module uses, started once per JVM: a Testcontainers PostgreSQL when a
 * Docker engine is reachable (laptops, hosted CI), the embedded binaries otherwise (machines without Docker).
 */
public final class TestDatabase {

    public record Connection(String url, String username, String password, String kind) {
    }

    private static Connection connection;

    private TestDatabase() {
    }

    public static synchronized Connection get() {
        if (connection == null) {
            connection = dockerAvailable() ? startContainer() : startEmbedded();
        }
        return connection;
    }

    private static boolean dockerAvailable() {
        if (Boolean.getBoolean("floe.test.embedded-postgres")) {
            return false;
        }
        if (System.getenv("DOCKER_HOST") == null && !Files.exists(Path.of("/var/run/docker.sock"))
                && !Files.exists(Path.of(System.getProperty("user.home"), ".docker", "run", "docker.sock"))) {
            return false; // no engine to ask: skip Testcontainers' slow, noisy probing
        }
        try {
            return DockerClientFactory.instance().isDockerAvailable();
        } catch (RuntimeException | LinkageError e) {
            return false;
        }
    }

    @SuppressWarnings("resource") // stopped by Testcontainers' reaper when the JVM exits
    private static Connection startContainer() {
        PostgreSQLContainer container = new PostgreSQLContainer("postgres:17-alpine");
        container.start();
        return new Connection(container.getJdbcUrl(), container.getUsername(), container.getPassword(),
                "testcontainers");
    }

    private static Connection startEmbedded() {
        try {
            Path dataDirectory = Files.createTempDirectory(Path.of("target").toAbsolutePath(), "test-postgres-")
                    .resolve("data");
            EmbeddedPostgres postgres = EmbeddedPostgres.builder().dataDirectory(dataDirectory).start();
            postgres.createDatabaseIfMissing("floe");
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                postgres.close();
                deleteQuietly(dataDirectory.getParent());
            }));
            return new Connection(postgres.jdbcUrl("floe"), EmbeddedPostgres.USER, "", "embedded");
        } catch (IOException e) {
            throw new IllegalStateException("cannot create the test database directory", e);
        }
    }

    private static void deleteQuietly(Path directory) {
        try (Stream<Path> files = Files.walk(directory)) {
            files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException e) {
            // left for mvn clean
        }
    }
}
