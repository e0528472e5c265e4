package dev.floe.broker.compat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The broker under test: the module's jar started as {@code java -jar floe-broker.jar --dev}, the
 * way a user starts it, ready once it prints its bootstrap line. Setting the system property
 * {@code floe.compat.bootstrap} instead points the tests at a broker that already runs (for
 * example Apache Kafka, to check the tests themselves).
 */
final class BrokerProcess implements AutoCloseable {

    static final String EXTERNAL_BOOTSTRAP = "floe.compat.bootstrap";
    private static final Pattern READY = Pattern.compile("FLOE_BROKER_READY bootstrap=(\\S+)");
    private static final Duration READY_TIMEOUT = Duration.ofSeconds(150);

    private final String bootstrap;
    private final Process process;
    private final Path dataDir;

    private BrokerProcess(String bootstrap, Process process, Path dataDir) {
        this.bootstrap = bootstrap;
        this.process = process;
        this.dataDir = dataDir;
    }

    static BrokerProcess start() throws Exception {
        String external = System.getProperty(EXTERNAL_BOOTSTRAP, "");
        if (!external.isBlank()) {
            return new BrokerProcess(external, null, null);
        }
        Path logDir = Files.createDirectories(moduleDir().resolve("target/compat-logs"));
        Path dataDir = Files.createTempDirectory("floe-compat-");
        // Run a copy: a rebuild of target/ while the tests run must not swap classes under the broker.
        Path jar = Files.copy(brokerJar(), dataDir.resolve("floe-broker.jar"));
        List<String> command = List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar", jar.toString(), "--dev",
                "--port", Integer.toString(freePort()),
                "--data-dir", dataDir.resolve("data").toString());
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        ProcessOutput output = ProcessOutput.drain(process.getInputStream(), logDir.resolve("broker.log"), "broker-output");
        BrokerProcess broker = new BrokerProcess(null, process, dataDir);
        Matcher ready = output.awaitLine(READY, READY_TIMEOUT, process::isAlive).orElse(null);
        if (ready == null) {
            broker.close();
            throw new IllegalStateException("the broker did not print its ready line within " + READY_TIMEOUT
                    + " (alive: " + process.isAlive() + "); command " + command + "; last output:\n" + output.tail(40));
        }
        return new BrokerProcess(ready.group(1), process, dataDir);
    }

    String bootstrap() {
        return bootstrap;
    }

    /** Failsafe passes the jar's path; running from an IDE, the module's target directory has it. */
    private static Path brokerJar() {
        Path jar = Path.of(System.getProperty("floe.broker.jar", moduleDir().resolve("target/floe-broker.jar").toString()));
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException("broker jar not found at " + jar.toAbsolutePath()
                    + ": build it first (./mvnw -pl broker -am package)");
        }
        return jar;
    }

    static Path moduleDir() {
        return Path.of(System.getProperty("basedir", System.getProperty("user.dir")));
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    /** A graceful stop (SIGTERM) first; whatever still runs after that (embedded PostgreSQL included) is killed. */
    @Override
    public void close() throws Exception {
        if (process != null) {
            List<ProcessHandle> children = process.descendants().toList();
            process.destroy();
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
            children.stream().filter(ProcessHandle::isAlive).forEach(ProcessHandle::destroyForcibly);
            stopLeftoversUsing(dataDir);
        }
        if (dataDir != null) {
            deleteRecursively(dataDir);
        }
    }

    /**
     * The embedded PostgreSQL detaches from the broker (its parent becomes init), so a broker that
     * died without its shutdown hook leaves it behind; it is found by the data directory that only
     * this test run uses.
     */
    private static void stopLeftoversUsing(Path dir) throws InterruptedException {
        String marker = dir.toString();
        List<ProcessHandle> leftovers = ProcessHandle.allProcesses()
                .filter(p -> p.info().arguments().map(args -> String.join(" ", args).contains(marker)).orElse(false))
                .toList();
        leftovers.forEach(ProcessHandle::destroy);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        for (ProcessHandle leftover : leftovers) {
            while (leftover.isAlive() && System.nanoTime() < deadline) {
                Thread.sleep(100);
            }
            leftover.destroyForcibly();
        }
    }

    private static void deleteRecursively(Path dir) {
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
