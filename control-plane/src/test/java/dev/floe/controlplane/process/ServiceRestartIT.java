package dev.floe.controlplane.process;

import static org.assertj.core.api.Assertions.assertThat;

import dev.floe.controlplane.support.Fixtures;
import dev.floe.controlplane.support.Http;
import dev.floe.controlplane.support.TestDatabase;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * The packaged service as a real process: killed with SIGKILL while an operation runs, started again on the same
 * database, it finishes the operation, and the token the agent got from the dead process still works.
 */
class ServiceRestartIT {

    private static final String SECRET = "restart-admin-secret";
    private final List<Process> processes = new ArrayList<>();

    @AfterEach
    void stopProcesses() {
        processes.forEach(Process::destroyForcibly);
    }

    @Test
    void aServiceKilledMidOperationResumesItAfterRestart() throws Exception {
        String database = freshDatabase();
        Path logs = Files.createTempDirectory(Path.of("target").toAbsolutePath(), "restart-");

        int firstPort = freePort();
        Process first = start(database, firstPort, logs.resolve("first.log"));
        Http admin = admin(firstPort);
        Http.Response environment = admin.post("/api/v1/environments",
                Map.of("name", "restart", "provider", "local", "settings", Map.of("region", "local")));
        Fixtures.CreatedEnvironment created = new Fixtures.CreatedEnvironment(
                environment.json().at("/environment/id").asText(), environment.json().get("bootstrapToken").asText());
        Fixtures.RegisteredAgent agent = new Fixtures(url(firstPort), admin).agent(created);
        JsonNode cluster = admin.post("/api/v1/clusters", Map.of("environmentId", created.id(), "name", "survivor",
                "tier", "dev", "spec", Fixtures.spec(1, List.of("zone-a")))).json();
        String operationId = cluster.at("/operation/id").asText();
        new Fixtures(url(firstPort), admin).awaitOperationState(operationId, "RUNNING");

        first.destroyForcibly().waitFor(); // SIGKILL: no shutdown hooks, leases left behind

        int secondPort = freePort();
        start(database, secondPort, logs.resolve("second.log"));
        Http agentOnSecond = new Http(url(secondPort), null).withToken(agent.http().token());
        Http.Response report = agentOnSecond.put("/api/v1/agent/environments/" + created.id() + "/clusters/"
                + cluster.at("/cluster/id").asText() + "/status", Map.of("observedGeneration", 1, "phase", "RUNNING"));
        assertThat(report.status()).as("a token from the killed instance verifies on the new one").isEqualTo(204);

        JsonNode finished = new Fixtures(url(secondPort), admin(secondPort))
                .awaitOperationState(operationId, "SUCCEEDED");
        assertThat(finished.at("/steps/0/name").asText()).isEqualTo("await-agent-convergence");
    }

    private Process start(String database, int port, Path log) throws IOException {
        Path jar;
        try (Stream<Path> files = Files.list(Path.of("target"))) {
            jar = files.filter(file -> file.getFileName().toString().endsWith("-exec.jar")).findFirst()
                    .orElseThrow(() -> new IllegalStateException("run through Maven: the exec jar is built in package"));
        }
        TestDatabase.Connection connection = TestDatabase.get();
        Process process = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx384m", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-jar", jar.toString(),
                "--server.port=" + port, "--server.address=127.0.0.1",
                "--floe.database.url=" + database,
                "--floe.database.username=" + connection.username(),
                "--floe.database.password=" + connection.password(),
                "--floe.security.bootstrap-admin.client-id=restart-admin",
                "--floe.security.bootstrap-admin.client-secret=" + SECRET,
                "--floe.operations.recheck-interval=200ms",
                "--floe.operations.engine.lease=3s")
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        processes.add(process);
        long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("the service exited during start-up; see " + log);
            }
            try {
                if (new Http(url(port), null).get("/actuator/health/readiness").status() == 200) {
                    return process;
                }
            } catch (IllegalStateException notYet) {
                // connection refused until the server listens
            }
            Fixtures.sleep(250);
        }
        throw new IllegalStateException("the service was not ready within 120 s; see " + log);
    }

    private static Http admin(int port) {
        Http.Response token = Http.token(url(port), "restart-admin", SECRET);
        assertThat(token.status()).isEqualTo(200);
        return new Http(url(port), token.json().get("access_token").asText());
    }

    /** A database of its own, so the shared test service's engine cannot finish the operation instead. */
    private static String freshDatabase() throws SQLException {
        TestDatabase.Connection connection = TestDatabase.get();
        String name = "restart_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        try (Connection jdbc = DriverManager.getConnection(connection.url(), connection.username(),
                connection.password()); Statement statement = jdbc.createStatement()) {
            statement.execute("CREATE DATABASE " + name);
        }
        return connection.url().substring(0, connection.url().lastIndexOf('/') + 1) + name;
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    private static String url(int port) {
        return "http://127.0.0.1:" + port;
    }
}
