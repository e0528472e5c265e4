package dev.floe.e2e.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** The control plane as its own process on its embedded PostgreSQL, with a bootstrap admin API client. */
public final class ControlPlane implements AutoCloseable {

    private static final String ADMIN_CLIENT = "floe-admin";

    private final Path dir;
    private final int port;
    private final List<String> settings;
    private JavaProcess process;

    /** {@code settings} are extra {@code --key=value} arguments, e.g. a short bootstrap-token lifetime. */
    public ControlPlane(Path dir, int port, String... settings) {
        this.dir = dir;
        this.port = port;
        this.settings = List.of(settings);
    }

    public ControlPlane start() {
        List<String> args = new ArrayList<>(List.of(
                "--server.port=" + port,
                "--server.address=127.0.0.1",
                "--floe.api.public-url=" + url(),
                "--floe.database.embedded-data-directory=" + dir.resolve("pgdata"),
                "--floe.security.bootstrap-admin.client-id=" + ADMIN_CLIENT,
                "--floe.security.bootstrap-admin.secret-file=" + dir.resolve("admin-secret")));
        args.addAll(settings);
        process = JavaProcess.start("control-plane", Repository.controlPlaneJar(), dir, Map.of(), args);
        try {
            awaitReady();
        } catch (RuntimeException e) {
            close(); // the caller never gets this instance to close: leave no service or database running
            throw e;
        }
        return this;
    }

    /** SIGKILL, as a crashed host would. Its PostgreSQL keeps running and is adopted on the next start. */
    public void kill() {
        process.kill();
    }

    public String url() {
        return "http://127.0.0.1:" + port;
    }

    public Api adminApi() {
        try {
            return new Api(url(), ADMIN_CLIENT, Files.readString(dir.resolve("admin-secret")).trim());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void awaitReady() {
        HttpClient http = HttpClient.newHttpClient();
        Instant deadline = Instant.now().plus(Duration.ofMinutes(3));
        while (Instant.now().isBefore(deadline)) {
            if (!process.isAlive()) {
                throw new IllegalStateException("control plane exited during start-up\n" + process.logTail());
            }
            try {
                HttpResponse<Void> response = http.send(HttpRequest.newBuilder(
                        URI.create(url() + "/actuator/health/readiness")).build(), HttpResponse.BodyHandlers.discarding());
                if (response.statusCode() == 200) {
                    return;
                }
            } catch (IOException ignored) {
                // not listening yet
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
            sleep(500);
        }
        throw new IllegalStateException("control plane not ready within 3 minutes\n" + process.logTail());
    }

    public String logTail() {
        return process.logTail();
    }

    static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Stops the service and then its embedded PostgreSQL, which outlives the service by design. */
    @Override
    public void close() {
        if (process != null) {
            process.stop();
        }
        PostgresDataDirectory.stop(dir.resolve("pgdata"));
    }
}
