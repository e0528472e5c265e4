package dev.floe.bench.elastic;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * The broker processes the agent's {@code local} provider runs, found in its state directory
 * ({@code local/brokers/<cluster>/<node>/}: {@code pid}, {@code broker.json} with the port; data-plane-agent README).
 */
final class LocalBrokers {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path clusterDir;

    LocalBrokers(Path agentStateDir, String clusterId) {
        this.clusterDir = agentStateDir.resolve("local/brokers").resolve(clusterId.replaceAll("[^A-Za-z0-9_.-]", "_"));
    }

    /** The live broker process of a node, if its pid file names one that runs the broker jar. */
    OptionalLong pid(int nodeId) {
        Path pidFile = clusterDir.resolve(Integer.toString(nodeId)).resolve("pid");
        try {
            long pid = Long.parseLong(Files.readString(pidFile, StandardCharsets.US_ASCII).trim());
            String cmdline = Files.readString(Path.of("/proc", Long.toString(pid), "cmdline"), StandardCharsets.UTF_8);
            return alive(pid) && cmdline.contains("floe-broker") ? OptionalLong.of(pid) : OptionalLong.empty();
        } catch (IOException | NumberFormatException e) {
            return OptionalLong.empty();
        }
    }

    /** When the agent launched the node's current process: the pid file is written right after the fork. */
    Optional<Instant> launchedAt(int nodeId) {
        Path pidFile = clusterDir.resolve(Integer.toString(nodeId)).resolve("pid");
        try {
            return Optional.of(Files.getLastModifiedTime(pidFile).toInstant());
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    /** The node's Kafka listener port, from the agent's launch record. */
    Optional<Integer> port(int nodeId) {
        Path record = clusterDir.resolve(Integer.toString(nodeId)).resolve("broker.json");
        try {
            JsonNode json = JSON.readTree(record.toFile());
            return Optional.of(json.get("port").asInt());
        } catch (IOException | RuntimeException e) {
            return Optional.empty(); // not written yet, or being replaced
        }
    }

    /**
     * SIGKILL, as a crashed host would (no shutdown hook, no flush, no drain); waits until the process is gone.
     * Returns the {@link System#nanoTime()} just before the signal.
     */
    long kill(long pid) throws InterruptedException {
        ProcessHandle process = ProcessHandle.of(pid)
                .orElseThrow(() -> new IllegalStateException("broker process " + pid + " is not running"));
        long before = System.nanoTime();
        if (!process.destroyForcibly()) {
            throw new IllegalStateException("could not send SIGKILL to " + pid);
        }
        Deadline deadline = Deadline.in(Duration.ofSeconds(30), "exit of the killed broker " + pid);
        while (alive(pid)) {
            deadline.pause(2);
        }
        return before;
    }

    /** Running, as opposed to gone or a zombie waiting for the agent to reap it (its sockets are already closed). */
    static boolean alive(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"), StandardCharsets.US_ASCII);
            char state = stat.charAt(stat.lastIndexOf(')') + 2);
            return state != 'Z' && state != 'X';
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }
}
