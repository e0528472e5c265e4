package dev.floe.agent.provider.local;

import dev.floe.agent.state.StateDirectory;
import dev.floe.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The shared services every local cluster uses: one S3 API server (its own process) and one PostgreSQL (one
 * database per cluster). Started on first use, adopted when an earlier agent run left them running.
 */
public final class LocalServices implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(LocalServices.class);
    static final String S3_REGION = "us-east-1";

    private final StateDirectory state;
    private final PortAllocator ports;
    private final String java;
    private EmbeddedPostgres postgres;
    private S3Credentials s3Credentials;
    private int s3Port;

    record S3Credentials(String accessKey, String secretKey) {
    }

    LocalServices(StateDirectory state, PortAllocator ports, String java) {
        this.state = state;
        this.ports = ports;
        this.java = java;
    }

    synchronized EmbeddedPostgres postgres() {
        if (postgres == null) {
            postgres = EmbeddedPostgres.builder()
                    .dataDirectory(state.resolve("local/postgres"))
                    .port(ports.portFor("postgres"))
                    .start();
        }
        return postgres;
    }

    synchronized String s3Endpoint() {
        ensureS3();
        return "http://127.0.0.1:" + s3Port;
    }

    synchronized S3Credentials s3Credentials() {
        ensureS3();
        return s3Credentials;
    }

    private void ensureS3() {
        if (s3Credentials == null) {
            s3Credentials = state.read("local/s3-credentials.json", S3Credentials.class).orElseGet(() -> {
                byte[] secret = new byte[24];
                new SecureRandom().nextBytes(secret);
                S3Credentials created = new S3Credentials("floe-local", HexFormat.of().formatHex(secret));
                state.writeSecret("local/s3-credentials.json", created);
                return created;
            });
            s3Port = ports.portFor("s3");
        }
        Path dir = state.resolve("local/s3");
        Path pidFile = dir.resolve("pid");
        String marker = "s3:" + state.root();
        if (DetachedProcess.find(pidFile, marker).isPresent() && accepts(s3Port)) {
            return;
        }
        DetachedProcess.find(pidFile, marker).ifPresent(p -> DetachedProcess.stop(p, Duration.ofSeconds(5)));
        try {
            Files.createDirectories(dir.resolve("data"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        List<String> command = JavaCommand.forMainClass(java, LocalS3Main.class.getName(), List.of("-Xmx256m"));
        command = new java.util.ArrayList<>(command);
        command.add(dir.resolve("data").toString());
        command.add(Integer.toString(s3Port));
        ProcessHandle process = DetachedProcess.start(command, Map.of("FLOE_S3_ACCESS_KEY", s3Credentials.accessKey(),
                "FLOE_S3_SECRET_KEY", s3Credentials.secretKey()), marker, dir, dir.resolve("s3.log"), pidFile);
        Instant deadline = Instant.now().plusSeconds(60);
        while (!accepts(s3Port)) {
            if (!process.isAlive() || Instant.now().isAfter(deadline)) {
                throw new IllegalStateException("local S3 server did not start; see " + dir.resolve("s3.log"));
            }
            sleep(100);
        }
        log.info("local S3 server (pid {}) on port {}", process.pid(), s3Port);
    }

    /** Stops the shared services (not done on agent exit: brokers keep using them; see {@code stop-local}). */
    @Override
    public synchronized void close() {
        Path dir = state.resolve("local/s3");
        DetachedProcess.find(dir.resolve("pid"), "s3:" + state.root())
                .ifPresent(p -> DetachedProcess.stop(p, Duration.ofSeconds(10)));
        if (postgres != null || Files.exists(state.resolve("local/postgres/postmaster.pid"))) {
            postgres().close();
            postgres = null;
        }
    }

    static boolean accepts(int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 500);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    Optional<EmbeddedPostgres> postgresIfStarted() {
        return Optional.ofNullable(postgres);
    }
}
