package dev.floe.embedded;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real PostgreSQL server from binaries published on Maven Central, with its data in a directory of the caller's
 * choosing. The server runs as its own process group (so it keeps serving if this JVM dies); starting again on a data
 * directory whose server is still running adopts that server instead of starting a second one.
 */
public final class EmbeddedPostgres implements AutoCloseable {

    public static final String USER = "postgres";
    private static final Logger log = LoggerFactory.getLogger(EmbeddedPostgres.class);
    private static final Pattern DATABASE_NAME = Pattern.compile("[a-z_][a-z0-9_]{0,62}");

    private final Path dataDirectory;
    private final int port;
    private final PostgresProcess programs;

    private EmbeddedPostgres(Path dataDirectory, int port, PostgresProcess programs) {
        this.dataDirectory = dataDirectory;
        this.port = port;
        this.programs = programs;
    }

    public static Builder builder() {
        return new Builder();
    }

    public int port() {
        return port;
    }

    public Path dataDirectory() {
        return dataDirectory;
    }

    /** JDBC URL of a database on this server; user {@value #USER}, no password (loopback only, trust auth). */
    public String jdbcUrl(String database) {
        return "jdbc:postgresql://127.0.0.1:" + port + "/" + database;
    }

    /** Creates the database unless it exists; names are limited to lower-case identifiers. */
    public void createDatabaseIfMissing(String database) {
        requireValidName(database);
        try (Connection connection = DriverManager.getConnection(jdbcUrl("postgres"), USER, "");
             PreparedStatement exists = connection.prepareStatement("SELECT 1 FROM pg_database WHERE datname = ?")) {
            exists.setString(1, database);
            try (ResultSet rows = exists.executeQuery()) {
                if (rows.next()) {
                    return;
                }
            }
            try (Statement create = connection.createStatement()) {
                create.execute("CREATE DATABASE " + database);
            }
        } catch (SQLException e) {
            if ("42P04".equals(e.getSQLState())) {
                return; // created concurrently by someone else: the goal is reached
            }
            throw new IllegalStateException("cannot create database " + database + " on port " + port, e);
        }
    }

    /** Drops the database if it exists, disconnecting its sessions first. */
    public void dropDatabaseIfExists(String database) {
        requireValidName(database);
        try (Connection connection = DriverManager.getConnection(jdbcUrl("postgres"), USER, "");
             Statement drop = connection.createStatement()) {
            drop.execute("DROP DATABASE IF EXISTS " + database + " WITH (FORCE)");
        } catch (SQLException e) {
            throw new IllegalStateException("cannot drop database " + database + " on port " + port, e);
        }
    }

    /** Stops the server (fast shutdown: open sessions are ended, committed data is safe). */
    @Override
    public void close() {
        if (Files.exists(dataDirectory.resolve("postmaster.pid"))) {
            programs.run(logFile(dataDirectory), "pg_ctl", "-D", dataDirectory.toString(), "-m", "fast", "-w",
                    "-t", "60", "stop");
            log.info("embedded PostgreSQL on port {} stopped", port);
        }
    }

    private static void requireValidName(String database) {
        if (!DATABASE_NAME.matcher(database).matches()) {
            throw new IllegalArgumentException("invalid database name '" + database
                    + "': use lower-case letters, digits and underscores, starting with a letter");
        }
    }

    private static Path logFile(Path dataDirectory) {
        return dataDirectory.resolveSibling(dataDirectory.getFileName() + ".log");
    }

    /** Configures and starts an {@link EmbeddedPostgres}. */
    public static final class Builder {
        private Path dataDirectory;
        private int port;
        private final Map<String, String> settings = new LinkedHashMap<>(Map.of(
                "max_connections", "300",
                "shared_buffers", "64MB"));

        private Builder() {
        }

        /** Where the cluster's files live; initialised only when empty. Required. */
        public Builder dataDirectory(Path dataDirectory) {
            this.dataDirectory = dataDirectory.toAbsolutePath().normalize();
            return this;
        }

        /** TCP port on 127.0.0.1; 0 (the default) picks a free one. */
        public Builder port(int port) {
            this.port = port;
            return this;
        }

        /** A server setting such as {@code max_connections}, passed as {@code -c name=value}. */
        public Builder setting(String name, String value) {
            settings.put(name, value);
            return this;
        }

        /** Starts the server, or adopts the one already running on this data directory, and waits until it accepts connections. */
        public EmbeddedPostgres start() {
            if (dataDirectory == null) {
                throw new IllegalStateException("dataDirectory is required");
            }
            PostgresProcess programs = new PostgresProcess(PostgresBinaries.install());
            Optional<Integer> running = runningPort(dataDirectory);
            if (running.isPresent()) {
                log.info("adopting the embedded PostgreSQL already running on port {} for {}", running.get(),
                        dataDirectory);
                return new EmbeddedPostgres(dataDirectory, running.get(), programs);
            }
            initialiseIfEmpty(programs);
            int chosen = port == 0 ? FreePort.pick() : port;
            programs.run(logFile(dataDirectory), "pg_ctl", "-D", dataDirectory.toString(),
                    "-l", logFile(dataDirectory).toString(), "-w", "-t", "120", "-o", serverOptions(chosen), "start");
            log.info("embedded PostgreSQL started on 127.0.0.1:{} with data in {}", chosen, dataDirectory);
            return new EmbeddedPostgres(dataDirectory, chosen, programs);
        }

        private void initialiseIfEmpty(PostgresProcess programs) {
            if (Files.exists(dataDirectory.resolve("PG_VERSION"))) {
                return;
            }
            try {
                Files.createDirectories(dataDirectory.getParent());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            log.info("initialising embedded PostgreSQL data directory {}", dataDirectory);
            programs.run(logFile(dataDirectory), "initdb", "-A", "trust", "-U", USER, "-E", "UTF-8",
                    "--no-locale", "-D", dataDirectory.toString());
        }

        private String serverOptions(int chosenPort) {
            StringBuilder options = new StringBuilder("-c port=" + chosenPort
                    + " -c listen_addresses=127.0.0.1 -c unix_socket_directories=''");
            settings.forEach((name, value) -> options.append(" -c ").append(name).append('=').append(value));
            return options.toString();
        }

        /** The port of a live server on this data directory, from its {@code postmaster.pid}. */
        private static Optional<Integer> runningPort(Path dataDirectory) {
            Path pidFile = dataDirectory.resolve("postmaster.pid");
            try {
                if (!Files.exists(pidFile)) {
                    return Optional.empty();
                }
                List<String> lines = Files.readAllLines(pidFile);
                long pid = Long.parseLong(lines.get(0).trim());
                boolean alive = ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
                return alive && lines.size() > 3 ? Optional.of(Integer.parseInt(lines.get(3).trim()))
                        : Optional.empty();
            } catch (IOException | RuntimeException e) {
                return Optional.empty(); // unreadable or half-written: let pg_ctl decide
            }
        }
    }
}
