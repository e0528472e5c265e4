package dev.floe.e2e.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** What the agent's local provider left on this machine, read from its state directory (see the agent's README). */
public final class LocalDataPlane {

    private final Path local;

    public LocalDataPlane(Path agentStateDir) {
        this.local = agentStateDir.resolve("local");
    }

    /** Pids of every broker process the agent recorded for the cluster, live or not. */
    public List<Long> brokerPids(String clusterId) {
        Path brokers = local.resolve("brokers").resolve(clusterId);
        List<Long> pids = new ArrayList<>();
        if (!Files.isDirectory(brokers)) {
            return pids;
        }
        try (Stream<Path> nodes = Files.list(brokers)) {
            for (Path node : nodes.toList()) {
                Path pidFile = node.resolve("pid");
                if (Files.exists(pidFile)) {
                    pids.add(Long.parseLong(Files.readString(pidFile).trim()));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return pids;
    }

    /** The pid the agent recorded for one broker of the cluster. */
    public long brokerPid(String clusterId, int nodeId) {
        try {
            return Long.parseLong(Files.readString(local.resolve("brokers").resolve(clusterId).resolve(Integer.toString(nodeId))
                    .resolve("pid")).trim());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public long liveBrokerProcesses(String clusterId) {
        return brokerPids(clusterId).stream().filter(LocalDataPlane::alive).count();
    }

    public static boolean alive(long pid) {
        return ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
    }

    /** Files and directories under the local provider that belong to the cluster (brokers, volumes). */
    public List<Path> clusterPaths(String clusterId) {
        return Stream.of(local.resolve("brokers").resolve(clusterId), local.resolve("volumes").resolve(clusterId))
                .filter(Files::exists).toList();
    }

    /** Buckets in the local S3 server: one directory each. */
    public List<String> buckets() {
        Path data = local.resolve("s3").resolve("data");
        if (!Files.isDirectory(data)) {
            return List.of();
        }
        try (Stream<Path> buckets = Files.list(data)) {
            return buckets.filter(Files::isDirectory).map(path -> path.getFileName().toString()).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Catalog databases (one per cluster, named {@code floe_…}) in the local PostgreSQL. */
    public List<String> catalogDatabases() throws SQLException {
        JsonNode ports = JsonMapper.builder().build().readTree(local.resolve("ports.json").toFile());
        int port = ports.findValue("postgres").asInt();
        List<String> names = new ArrayList<>();
        try (Connection connection = DriverManager.getConnection(
                "jdbc:postgresql://127.0.0.1:" + port + "/postgres", "postgres", "");
             Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery("SELECT datname FROM pg_database WHERE datname LIKE 'floe%'")) {
            while (rows.next()) {
                names.add(rows.getString(1));
            }
        }
        return names;
    }
}
