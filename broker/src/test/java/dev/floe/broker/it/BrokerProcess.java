package dev.floe.broker.it;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/** A real broker JVM started from the shaded jar, as the agent starts it. */
public final class BrokerProcess {
    private static final String READY = "FLOE_BROKER_READY bootstrap=";
    private final Process process;
    private final String bootstrap;

    private BrokerProcess(Process process, String bootstrap) {
        this.process = process;
        this.bootstrap = bootstrap;
    }

    public static String jar() {
        String jar = System.getProperty("floe.broker.jar");
        if (jar == null) {
            jar = Path.of("target", "floe-broker.jar").toAbsolutePath().toString();
        }
        return jar;
    }

    public static BrokerProcess start(Map<String, String> env, Path log) {
        ProcessBuilder pb = new ProcessBuilder(List.of(javaBin(), "-Xmx512m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
                "-jar", jar()));
        pb.environment().putAll(env);
        pb.redirectError(ProcessBuilder.Redirect.appendTo(log.toFile()));
        try {
            Process p = pb.start();
            CompletableFuture<String> ready = new CompletableFuture<>();
            Thread reader = new Thread(() -> ready.complete(readUntilReady(p)), "broker-stdout");
            reader.setDaemon(true);
            reader.start();
            String address = ready.get(90, TimeUnit.SECONDS);
            if (address == null) {
                throw new IllegalStateException("broker exited before it was ready; see " + log);
            }
            return new BrokerProcess(p, address);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (Exception e) {
            throw new IllegalStateException("broker did not become ready; see " + log, e);
        }
    }

    /** Reads stdout until the ready line; keeps draining afterwards so the broker never blocks on a full pipe. */
    private static String readUntilReady(Process p) {
        BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
        try {
            String line;
            while ((line = r.readLine()) != null) {
                if (line.startsWith(READY)) {
                    drain(r);
                    return line.substring(READY.length()).trim();
                }
            }
            return null;
        } catch (IOException e) {
            return null;
        }
    }

    private static void drain(BufferedReader r) {
        Thread t = new Thread(() -> {
            try {
                while (r.readLine() != null) {
                    // keep the pipe empty
                }
            } catch (IOException ignored) {
                // process ended
            }
        });
        t.setDaemon(true);
        t.start();
    }

    private static String javaBin() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
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
        process.destroyForcibly();
        waitFor();
    }

    /** SIGTERM: the graceful path (upload, hand over). */
    public void stop() {
        process.destroy();
        waitFor();
    }

    private void waitFor() {
        try {
            process.waitFor(60, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
