package dev.floe.agent;

import dev.floe.agent.controlplane.AgentCredentials;
import dev.floe.agent.controlplane.AgentRegistration;
import dev.floe.agent.controlplane.Backoff;
import dev.floe.agent.controlplane.ControlPlaneClient;
import dev.floe.agent.controlplane.ControlPlaneRejectedException;
import dev.floe.agent.controlplane.ControlPlaneUnavailableException;
import dev.floe.agent.controlplane.DesiredState;
import dev.floe.agent.controlplane.Heartbeat;
import dev.floe.agent.reconcile.EnvironmentReconciler;
import dev.floe.agent.state.StateDirectory;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The agent's life: register once, then long-poll desired state and reconcile, forever. When the control plane is
 * away, the agent keeps reconciling the last desired state it saw (restarting dead brokers, adopting running ones)
 * and retries with backoff: the data plane does not depend on the control plane being up.
 */
public final class AgentLoop implements Runnable {

    private static final Logger log = LoggerFactory.getLogger(AgentLoop.class);
    static final String DESIRED_STATE_FILE = "desired-state.json";

    private final StateDirectory state;
    private final AgentRegistration registration;
    private final Function<AgentCredentials, ControlPlaneClient> clients;
    private final Function<ControlPlaneClient, EnvironmentReconciler> reconcilers;
    private final Optional<String> bootstrapToken;
    private final Heartbeat identity;
    private final Duration pollWait;
    private final Duration heartbeatInterval;
    private final Backoff backoff;
    private volatile boolean stopped;

    public AgentLoop(StateDirectory state, AgentRegistration registration,
            Function<AgentCredentials, ControlPlaneClient> clients,
            Function<ControlPlaneClient, EnvironmentReconciler> reconcilers, Optional<String> bootstrapToken,
            Heartbeat identity, Duration pollWait, Duration heartbeatInterval, Backoff backoff) {
        this.state = state;
        this.registration = registration;
        this.clients = clients;
        this.reconcilers = reconcilers;
        this.bootstrapToken = bootstrapToken;
        this.identity = identity;
        this.pollWait = pollWait;
        this.heartbeatInterval = heartbeatInterval;
        this.backoff = backoff;
    }

    public void stop() {
        stopped = true;
    }

    @Override
    public void run() {
        AgentCredentials credentials = register();
        if (credentials == null) {
            return;
        }
        log.info("agent {} serves environment {}", credentials.agentId(), credentials.environmentId());
        ControlPlaneClient client = clients.apply(credentials);
        EnvironmentReconciler reconciler = reconcilers.apply(client);
        ScheduledExecutorService heartbeats = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "heartbeat");
            t.setDaemon(true);
            return t;
        });
        heartbeats.scheduleWithFixedDelay(() -> heartbeat(client), 0, heartbeatInterval.toMillis(),
                TimeUnit.MILLISECONDS);
        try {
            Optional<DesiredState> cached = state.read(DESIRED_STATE_FILE, DesiredState.class);
            if (cached.isPresent()) {
                // Restarted: bring back what we last knew before waiting on the control plane.
                reconciler.reconcile(cached.get());
            }
            long revision = 0;
            while (!stopped) {
                try {
                    DesiredState desired = client.desiredState(revision, revision == 0 ? Duration.ZERO : pollWait);
                    backoff.reset();
                    if (desired.revision() != revision) {
                        state.write(DESIRED_STATE_FILE, desired);
                    }
                    revision = desired.revision();
                    cached = Optional.of(desired);
                    reconciler.reconcile(desired);
                } catch (ControlPlaneUnavailableException | ControlPlaneRejectedException e) {
                    Duration delay = backoff.nextDelay();
                    log.warn("control plane: {}; retry in {} ms (attempt {})", e.getMessage(), delay.toMillis(),
                            backoff.failures());
                    sleep(delay);
                    // Keep the data plane healthy meanwhile, from the last desired state we saw.
                    cached.ifPresent(reconciler::reconcile);
                }
            }
        } finally {
            heartbeats.shutdownNow();
        }
    }

    private AgentCredentials register() {
        while (!stopped) {
            try {
                return registration.credentials(bootstrapToken, identity.agentVersion(), identity.hostname());
            } catch (ControlPlaneUnavailableException e) {
                Duration delay = backoff.nextDelay();
                log.warn("registration: {}; retry in {} ms", e.getMessage(), delay.toMillis());
                sleep(delay);
            }
        }
        return null;
    }

    private void heartbeat(ControlPlaneClient client) {
        try {
            client.heartbeat(identity);
        } catch (RuntimeException e) {
            log.debug("heartbeat not delivered: {}", e.getMessage());
        }
    }

    private void sleep(Duration delay) {
        try {
            Thread.sleep(delay.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            stopped = true;
        }
    }
}
