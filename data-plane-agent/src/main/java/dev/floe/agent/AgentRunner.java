package dev.floe.agent;

import dev.floe.agent.config.AgentProperties;
import dev.floe.agent.controlplane.AgentRegistration;
import dev.floe.agent.controlplane.Backoff;
import dev.floe.agent.controlplane.ControlPlaneClient;
import dev.floe.agent.controlplane.CredentialStore;
import dev.floe.agent.controlplane.Heartbeat;
import dev.floe.agent.failover.ExitedBrokerFencer;
import dev.floe.agent.failover.LaunchFences;
import dev.floe.agent.failover.ReplacementProgress;
import dev.floe.agent.failover.ReplacementReporter;
import dev.floe.agent.failover.WalMoveRequests;
import dev.floe.agent.health.CatalogObservations;
import dev.floe.agent.health.ClusterHealthCheck;
import dev.floe.agent.provider.Provider;
import dev.floe.agent.provider.local.LocalProvider;
import dev.floe.agent.rebalance.RebalanceProgress;
import dev.floe.agent.rebalance.RebalanceReporter;
import dev.floe.agent.reconcile.ClusterLocks;
import dev.floe.agent.reconcile.ClusterRecords;
import dev.floe.agent.reconcile.EnvironmentReconciler;
import dev.floe.agent.reconcile.ProvisionCluster;
import dev.floe.agent.reconcile.TeardownCluster;
import dev.floe.agent.reconcile.WalMoveWatcher;
import dev.floe.agent.report.ReportingLoop;
import dev.floe.agent.state.StateDirectory;
import java.net.InetAddress;
import java.nio.channels.FileLock;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.boot.ExitCodeGenerator;
import org.springframework.stereotype.Component;

/**
 * Runs the agent loop on the main thread until the process is stopped, or performs the {@code stop-local}
 * command (stops the local provider's brokers, S3 server and PostgreSQL, keeping their data) and returns.
 */
@Component
class AgentRunner implements ApplicationRunner, ExitCodeGenerator {

    private static final Logger log = LoggerFactory.getLogger(AgentRunner.class);
    static final String VERSION = "0.1.0";
    /** Rebalances reported per round (one second) at most, so a burst reaches the control plane as a trickle. */
    private static final int REBALANCES_PER_ROUND = 10;

    private final AgentProperties properties;
    private final StateDirectory state;
    private final Provider provider;
    private final ClusterHealthCheck health;
    private final CatalogObservations catalog;
    private volatile AgentLoop loop;
    private int exitCode;

    AgentRunner(AgentProperties properties, StateDirectory state, Provider provider, ClusterHealthCheck health,
            CatalogObservations catalog) {
        this.properties = properties;
        this.state = state;
        this.provider = provider;
        this.health = health;
        this.catalog = catalog;
    }

    @Override
    public void run(ApplicationArguments args) {
        FileLock lock;
        try {
            lock = state.lockExclusively();
        } catch (RuntimeException e) {
            log.error("agent not started: {}", e.getMessage());
            exitCode = 1;
            return;
        }
        try {
            if (args.getNonOptionArgs().contains("stop-local")) {
                if (provider instanceof LocalProvider local) {
                    local.stopLocal();
                }
                return;
            }
            // For scripts (./quickstart down): which process holds this state directory.
            java.nio.file.Files.writeString(state.resolve("agent.pid"), Long.toString(ProcessHandle.current().pid()));
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                AgentLoop current = loop;
                if (current != null) {
                    current.stop();
                }
            }, "agent-stop"));
            loop = buildLoop();
            loop.run();
        } catch (RuntimeException | java.io.IOException e) {
            log.error("agent stopped: {}", e.getMessage(), e);
            exitCode = 1;
        } finally {
            try {
                lock.release();
                lock.channel().close();
            } catch (java.io.IOException ignored) {
                // the lock goes with the process anyway
            }
        }
    }

    private AgentLoop buildLoop() {
        var json = StateDirectory.mapper();
        Clock clock = Clock.systemUTC();
        ClusterLocks locks = new ClusterLocks();
        ClusterRecords records = new ClusterRecords(state);
        // Crash failover must not wait for the control plane's long poll: fencing and WAL moves run on their own
        // thread. Each failover shows on the control plane as a REPLACE_BROKER operation and each balancing decision
        // of the brokers' controller as a REBALANCE operation, each kind reported from a thread of its own.
        ReportingLoop replacements = new ReportingLoop("replacement-reporter",
                new ReplacementReporter(new ReplacementProgress(), properties.replacementTimeout()), 500);
        ReportingLoop rebalances = new ReportingLoop("rebalance-reporter",
                new RebalanceReporter(new RebalanceProgress(), REBALANCES_PER_ROUND), 1000);
        replacements.start();
        rebalances.start();
        WalMoveWatcher watcher = new WalMoveWatcher(locks, new WalMoveRequests(),
                new ExitedBrokerFencer(new LaunchFences()), 250, List.of(replacements, rebalances));
        watcher.start();
        AgentRegistration registration = new AgentRegistration(properties.controlPlaneUrl(),
                new CredentialStore(state), json, properties.requestTimeout());
        return new AgentLoop(state, registration,
                credentials -> new ControlPlaneClient(properties.controlPlaneUrl(), credentials, json,
                        properties.requestTimeout()),
                client -> {
                    replacements.connect(client);
                    rebalances.connect(client);
                    ControlPlaneStatusSink sink = new ControlPlaneStatusSink(client);
                    return new EnvironmentReconciler(provider,
                            new ProvisionCluster(locks, records, sink, health, catalog,
                                    properties.awaitReadyTimeout(), clock, watcher),
                            new TeardownCluster(locks, records, sink, clock), sink, clock);
                },
                Optional.ofNullable(properties.bootstrapToken()),
                new Heartbeat(VERSION, hostname()), properties.pollWait(), properties.heartbeatInterval(),
                new Backoff(properties.backoffInitial(), properties.backoffMax()));
    }

    private String hostname() {
        if (properties.hostname() != null && !properties.hostname().isBlank()) {
            return properties.hostname();
        }
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (java.io.IOException e) {
            return "unknown";
        }
    }

    @Override
    public int getExitCode() {
        return exitCode;
    }
}
