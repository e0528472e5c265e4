package dev.floe.agent.provider.local;

import dev.floe.agent.provider.BrokerInstance;
import dev.floe.agent.provider.BrokerInstances;
import dev.floe.agent.provider.BrokerLaunch;
import dev.floe.agent.provider.BrokerSpec;
import dev.floe.agent.provider.ExitedLaunch;
import dev.floe.agent.provider.ProviderException;
import dev.floe.agent.state.StateDirectory;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Stream;

/**
 * Brokers as detached child processes ({@code java -jar} the broker jar) with the broker launch contract in their
 * environment. Each lives in {@code local/brokers/{cluster}/{node}/} with its pid file, log, placement record
 * ({@code broker.json}) and the launch id and pid of its latest start ({@code launch.json}), and is re-adopted by a
 * restarted agent.
 */
final class LocalBrokers implements BrokerInstances {

    static final String READY_LINE = "FLOE_BROKER_READY";
    static final int KEPT_LOGS = 20;
    private static final DateTimeFormatter KEPT_LOG_TIME =
            DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss.SSS'Z'").withZone(ZoneOffset.UTC);

    private final StateDirectory state;
    private final PortAllocator ports;
    private final List<String> brokerCommand;
    private final Path brokerJar;
    private final String host;
    private final Duration stopTimeout;

    /** What the agent wrote down when it launched a broker. */
    record LaunchRecord(String clusterId, int nodeId, String zone, String host, int port) {
    }

    /**
     * One start of the broker process: the launch id in its environment and the pid it got. Written once the process
     * exists, so the pair always names the same process; a restarted agent can still tell that this launch died.
     */
    record LaunchedProcess(String launchId, long pid) {
    }

    LocalBrokers(StateDirectory state, PortAllocator ports, List<String> brokerCommand, Path brokerJar, String host,
            Duration stopTimeout) {
        this.state = state;
        this.ports = ports;
        this.brokerCommand = List.copyOf(brokerCommand);
        this.brokerJar = brokerJar;
        this.host = host;
        this.stopTimeout = stopTimeout;
    }

    @Override
    public List<BrokerInstance> describe(String clusterId) {
        Path clusterDir = state.resolve("local/brokers/" + LocalVolumes.safe(clusterId));
        if (!Files.isDirectory(clusterDir)) {
            return List.of();
        }
        List<BrokerInstance> brokers = new ArrayList<>();
        try (Stream<Path> dirs = Files.list(clusterDir)) {
            for (Path dir : dirs.toList()) {
                readRecord(dir).ifPresent(record -> brokers.add(observe(dir, record)));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        brokers.sort(Comparator.comparingInt(BrokerInstance::nodeId));
        return brokers;
    }

    @Override
    public BrokerInstance launch(BrokerLaunch launch) {
        BrokerSpec spec = launch.broker();
        if (brokerJar != null && !Files.isRegularFile(brokerJar)) {
            throw new ProviderException("BrokerJarMissing", "broker jar " + brokerJar.toAbsolutePath()
                    + " does not exist: build it (./mvnw -pl broker -am package) or set floe.agent.local.broker-jar",
                    true, null);
        }
        Path dir = brokerDir(spec.clusterId(), spec.nodeId());
        int port = ports.portFor(portKey(spec.clusterId(), spec.nodeId()));
        LaunchRecord record = new LaunchRecord(spec.clusterId(), spec.nodeId(), spec.zone(), host, port);
        Optional<ProcessHandle> running = DetachedProcess.find(dir.resolve("pid"), marker(spec));
        if (running.isPresent()) {
            // launched by an earlier pass that died before it could say so: adopt rather than start a second one
            return observe(dir, readRecord(dir).orElse(record));
        }
        state.write(relative(dir) + "/broker.json", record);
        String launchId = UUID.randomUUID().toString();
        ProcessHandle process = DetachedProcess.start(brokerCommand, environment(launch, port, launchId),
                marker(spec), dir, dir.resolve("broker.log"), dir.resolve("pid"));
        state.write(relative(dir) + "/launch.json", new LaunchedProcess(launchId, process.pid()));
        return observe(dir, record);
    }

    @Override
    public List<ExitedLaunch> exited(String clusterId) {
        Path clusterDir = state.resolve("local/brokers/" + LocalVolumes.safe(clusterId));
        if (!Files.isDirectory(clusterDir)) {
            return List.of();
        }
        List<ExitedLaunch> exited = new ArrayList<>();
        try (Stream<Path> dirs = Files.list(clusterDir)) {
            for (Path dir : dirs.toList()) {
                Optional<LaunchRecord> record = readRecord(dir);
                Optional<LaunchedProcess> launched = launched(dir);
                if (record.isEmpty() || launched.isEmpty()) {
                    continue; // a launch the agent did not record (it died while starting it) is left to the lease
                }
                long pid = launched.get().pid();
                boolean alive = ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
                LaunchFate fate = LaunchFate.of(launched.get().launchId(), marker(clusterId, record.get().nodeId()),
                        alive, alive ? DetachedProcess.environment(pid) : Optional.empty());
                if (fate == LaunchFate.EXITED) {
                    exited.add(new ExitedLaunch(record.get().nodeId(), launched.get().launchId(),
                            alive ? "pid " + pid + " now belongs to another process" : "pid " + pid + " has exited"));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return exited;
    }

    @Override
    public void terminate(BrokerInstance instance) {
        Path dir = brokerDir(instance.clusterId(), instance.nodeId());
        String marker = marker(instance.clusterId(), instance.nodeId());
        DetachedProcess.find(dir.resolve("pid"), marker).ifPresent(p -> DetachedProcess.stop(p, stopTimeout));
        if (instance.state() != BrokerInstance.State.STOPPED) {
            // A deliberate stop (scale-in, delete) gives the port back; a dead broker's replacement keeps it,
            // so clients' bootstrap lists stay valid.
            ports.release(portKey(instance.clusterId(), instance.nodeId()));
        }
        boolean died = instance.state() == BrokerInstance.State.STOPPED;
        if (died) {
            keepLog(instance.clusterId(), instance.nodeId(), dir.resolve("broker.log"));
        }
        LocalVolumes.deleteTree(dir);
        try (Stream<Path> rest = Files.list(dir.getParent())) {
            if (rest.findAny().isEmpty()) {
                Files.deleteIfExists(dir.getParent());
                if (!died) {
                    LocalVolumes.deleteTree(keptLogs(instance.clusterId())); // the cluster is gone
                }
            }
        } catch (IOException e) {
            // a sibling appeared concurrently; the directory stays
        }
    }

    /**
     * A dead broker's log goes to {@code local/logs/{cluster}/broker-{node}-{UTC time}.log} instead of being deleted
     * with its directory when it is replaced: its log is what says why it died. The newest {@link #KEPT_LOGS} per
     * cluster stay, until the cluster is deleted.
     */
    private void keepLog(String clusterId, int nodeId, Path log) {
        if (!Files.exists(log)) {
            return;
        }
        Path kept = keptLogs(clusterId);
        String stamp = KEPT_LOG_TIME.format(Instant.now());
        try {
            Files.createDirectories(kept);
            Files.move(log, kept.resolve("broker-" + nodeId + "-" + stamp + ".log"), StandardCopyOption.REPLACE_EXISTING);
            try (Stream<Path> logs = Files.list(kept)) {
                List<Path> newestFirst = logs.sorted(Comparator.comparing(LocalBrokers::modified).reversed()).toList();
                for (Path old : newestFirst.subList(Math.min(KEPT_LOGS, newestFirst.size()), newestFirst.size())) {
                    Files.deleteIfExists(old);
                }
            }
        } catch (IOException e) {
            // keeping a log is a courtesy: the broker's directory is removed either way
        }
    }

    private Path keptLogs(String clusterId) {
        return state.resolve("local/logs/" + LocalVolumes.safe(clusterId));
    }

    private static FileTime modified(Path p) {
        try {
            return Files.getLastModifiedTime(p);
        } catch (IOException e) {
            return FileTime.fromMillis(0);
        }
    }

    /**
     * Stops every broker process this state directory knows, keeping its directory, port and volume, so the next
     * reconcile pass starts it again where it was (what {@code stop-local} and {@code ./quickstart down} want).
     */
    int stopAll() {
        Path root = state.resolve("local/brokers");
        if (!Files.isDirectory(root)) {
            return 0;
        }
        int stopped = 0;
        try (Stream<Path> clusters = Files.list(root)) {
            for (Path clusterDir : clusters.toList()) {
                try (Stream<Path> nodes = Files.list(clusterDir)) {
                    for (Path dir : nodes.toList()) {
                        Optional<LaunchRecord> record = readRecord(dir);
                        if (record.isEmpty()) {
                            continue;
                        }
                        Optional<ProcessHandle> process = DetachedProcess.find(dir.resolve("pid"),
                                marker(record.get().clusterId(), record.get().nodeId()));
                        if (process.isPresent()) {
                            DetachedProcess.stop(process.get(), stopTimeout);
                            stopped++;
                        }
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return stopped;
    }

    private BrokerInstance observe(Path dir, LaunchRecord record) {
        Optional<ProcessHandle> process = DetachedProcess.find(dir.resolve("pid"),
                marker(record.clusterId(), record.nodeId()));
        String id = "local-" + record.nodeId() + "-" + process.map(p -> Long.toString(p.pid())).orElse("dead");
        BrokerInstance.State state;
        String detail = null;
        if (process.isEmpty()) {
            state = BrokerInstance.State.STOPPED;
            detail = "process is not running; see " + dir.resolve("broker.log");
        } else if (logSaysReady(dir.resolve("broker.log"))) {
            state = BrokerInstance.State.RUNNING;
        } else {
            state = BrokerInstance.State.PENDING;
            detail = "started, not ready yet";
        }
        // The recorded launch is this process's only if it names the pid found: launch.json is written after the start.
        String launchId = process.flatMap(p -> launched(dir).filter(l -> l.pid() == p.pid()))
                .map(LaunchedProcess::launchId).orElse(null);
        return new BrokerInstance(id, record.clusterId(), record.nodeId(), record.zone(), record.host(), record.port(),
                state, detail, launchId);
    }

    private Map<String, String> environment(BrokerLaunch launch, int port, String launchId) {
        BrokerSpec spec = launch.broker();
        Map<String, String> env = new LinkedHashMap<>();
        env.put(LaunchFate.LAUNCH_VARIABLE, launchId);
        env.put("FLOE_BROKER_NODE_ID", Integer.toString(spec.nodeId()));
        env.put("FLOE_CLUSTER_ID", spec.clusterId());
        env.put("FLOE_LISTENER", host + ":" + port);
        env.put("FLOE_ADVERTISED_LISTENER", host + ":" + port);
        env.put("FLOE_ZONE", spec.zone());
        env.put("FLOE_WAL_DIR", launch.volume().location());
        env.put("FLOE_WAL_VOLUME_ID", launch.volume().id());
        env.put("FLOE_WAL_SIZE_BYTES", Long.toString(spec.volume().walFileBytes()));
        env.put("FLOE_S3_ENDPOINT", launch.bucket().endpoint());
        env.put("FLOE_S3_REGION", launch.bucket().region());
        env.put("FLOE_S3_BUCKET", launch.bucket().name());
        env.put("FLOE_S3_ACCESS_KEY", launch.identity().accessKey());
        env.put("FLOE_S3_SECRET_KEY", launch.identity().secretKey());
        env.put("FLOE_CATALOG_JDBC_URL", launch.catalog().jdbcUrl());
        env.put("FLOE_CATALOG_USER", launch.catalog().username());
        env.put("FLOE_CATALOG_PASSWORD", launch.catalog().password() == null ? "" : launch.catalog().password());
        env.putAll(spec.settings());
        return env;
    }

    private Optional<LaunchedProcess> launched(Path dir) {
        return state.read(relative(dir) + "/launch.json", LaunchedProcess.class);
    }

    private Optional<LaunchRecord> readRecord(Path dir) {
        return state.read(relative(dir) + "/broker.json", LaunchRecord.class);
    }

    private static boolean logSaysReady(Path log) {
        if (!Files.exists(log)) {
            return false;
        }
        // The ready line comes early; the first megabyte is enough and keeps a long log cheap to check.
        try (InputStream in = Files.newInputStream(log)) {
            String head = new String(in.readNBytes(1 << 20), StandardCharsets.UTF_8);
            return head.contains(READY_LINE);
        } catch (IOException e) {
            return false;
        }
    }

    private Path brokerDir(String clusterId, int nodeId) {
        return state.resolve("local/brokers/" + LocalVolumes.safe(clusterId) + "/" + nodeId);
    }

    private String relative(Path dir) {
        return state.root().relativize(dir).toString();
    }

    private static String portKey(String clusterId, int nodeId) {
        return "broker/" + clusterId + "/" + nodeId;
    }

    private String marker(BrokerSpec spec) {
        return marker(spec.clusterId(), spec.nodeId());
    }

    // The state directory is part of the marker: two agents on one machine never adopt each other's brokers.
    private String marker(String clusterId, int nodeId) {
        return "broker:" + state.root() + ":" + clusterId + ":" + nodeId;
    }
}
