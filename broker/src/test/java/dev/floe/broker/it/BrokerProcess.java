package dev.floe.broker.it;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * A real broker JVM started from the module's shaded jar, ready once it prints its bootstrap line: either one
 * broker of a test cluster, configured by environment as the agent starts it, or a broker in dev mode with its own
 * embedded catalog and S3 server, as a user first starts it.
 */
public final class BrokerProcess {
    private static final Pattern READY = Pattern.compile("FLOE_BROKER_READY bootstrap=(\\S+)");
    private static final Duration READY_TIMEOUT = Duration.ofSeconds(150);
    /** Small and quick to start: tests run many brokers on two cores. */
    private static final List<String> JVM_FLAGS = List.of("-Xmx512m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1");

    private final Process process;
    private final String bootstrap;
    /** A dev-mode broker's own directory (catalog, bucket, WAL and its copy of the jar); null otherwise. */
    private final Path devDir;

    private BrokerProcess(Process process, String bootstrap, Path devDir) {
        this.process = process;
        this.bootstrap = bootstrap;
        this.devDir = devDir;
    }

    /** Failsafe passes the jar's path; running from an IDE, the module's target directory has it. */
    public static Path jar() {
        Path jar = Path.of(System.getProperty("floe.broker.jar", moduleDir().resolve("target/floe-broker.jar").toString()));
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException("broker jar not found at " + jar.toAbsolutePath()
                    + ": build it first (./mvnw -pl broker -am package)");
        }
        return jar;
    }

    public static Path moduleDir() {
        return Path.of(System.getProperty("basedir", System.getProperty("user.dir")));
    }

    /** One broker of a test cluster: everything it needs (catalog, bucket, node id, WAL) comes from {@code env}. */
    public static BrokerProcess start(Map<String, String> env, Path log) {
        return launch(List.of("-jar", jar().toString()), env, log, null);
    }

    /**
     * {@code java -jar floe-broker.jar --dev} on a free port with everything under {@code dir}. It runs a copy of the
     * jar, so a rebuild of target/ while the tests run cannot swap classes under it.
     */
    public static BrokerProcess startDev(Path dir, Path log) {
        try {
            Path jar = Files.copy(jar(), Files.createDirectories(dir).resolve("floe-broker.jar"));
            return launch(List.of("-jar", jar.toString(), "--dev", "--port", Integer.toString(freePort()),
                    "--data-dir", dir.resolve("data").toString()), Map.of(), log, dir);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A broker that runs already (Apache Kafka, say, to check the tests themselves): only its address is known. */
    public static BrokerProcess external(String bootstrap) {
        return new BrokerProcess(null, bootstrap, null);
    }

    private static BrokerProcess launch(List<String> args, Map<String, String> env, Path log, Path devDir) {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        command.addAll(JVM_FLAGS);
        command.addAll(args);
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
        pb.environment().putAll(env);
        Process process;
        try {
            process = pb.start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        ProcessOutput output = ProcessOutput.drain(process.getInputStream(), log, "broker-output-" + process.pid());
        BrokerProcess broker = new BrokerProcess(process, null, devDir);
        Matcher ready;
        try {
            ready = output.awaitLine(READY, READY_TIMEOUT, process::isAlive).orElse(null);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            ready = null;
        }
        if (ready == null) {
            broker.kill();
            throw new IllegalStateException("the broker did not print its ready line within " + READY_TIMEOUT + " (alive: "
                    + process.isAlive() + "); command " + command + "; see " + log + "; last output:\n" + output.tail(40));
        }
        return new BrokerProcess(process, ready.group(1), devDir);
    }

    public String bootstrap() {
        return bootstrap;
    }

    public boolean alive() {
        return process.isAlive();
    }

    public long pid() {
        return process.pid();
    }

    /** Sends a signal by name (STOP, CONT) to this broker's process only. */
    public void signal(String name) {
        try {
            int rc = new ProcessBuilder("kill", "-" + name, Long.toString(process.pid())).inheritIO().start().waitFor();
            if (rc != 0) {
                throw new IllegalStateException("kill -" + name + " failed with " + rc);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Waits at most {@code seconds} for the process to end; returns its exit status, or null if still running. */
    public Integer awaitExit(long seconds) throws InterruptedException {
        return process.waitFor(seconds, TimeUnit.SECONDS) ? process.exitValue() : null;
    }

    /** SIGKILL: no shutdown hook runs, nothing is flushed. */
    public void kill() {
        if (process != null) {
            process.destroyForcibly();
            waitFor();
            stopLeftovers();
        }
    }

    /** SIGTERM: the graceful path (upload, hand over); SIGKILL if that hangs. A dev broker's directory is removed. */
    public void stop() {
        if (process == null) {
            return;
        }
        process.destroy();
        waitFor();
        if (process.isAlive()) {
            process.destroyForcibly();
            waitFor();
        }
        stopLeftovers();
        if (devDir != null) {
            deleteRecursively(devDir);
        }
    }

    private void waitFor() {
        try {
            process.waitFor(60, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * A dev broker's embedded PostgreSQL detaches from it (its parent becomes init), so a broker that died without its
     * shutdown hook leaves it behind; it is found by the directory that only this broker uses.
     */
    private void stopLeftovers() {
        if (devDir == null) {
            return;
        }
        String marker = devDir.toString();
        List<ProcessHandle> leftovers = ProcessHandle.allProcesses()
                .filter(p -> p.info().arguments().map(args -> String.join(" ", args).contains(marker)).orElse(false))
                .toList();
        leftovers.forEach(ProcessHandle::destroy);
        for (ProcessHandle leftover : leftovers) {
            try {
                leftover.onExit().get(10, TimeUnit.SECONDS);
            } catch (Exception e) {
                leftover.destroyForcibly(); // did not stop on SIGTERM in time, or we were interrupted
            }
        }
    }

    private static void deleteRecursively(Path dir) {
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
