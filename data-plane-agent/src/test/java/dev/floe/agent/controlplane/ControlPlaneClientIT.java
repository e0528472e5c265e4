package dev.floe.agent.controlplane;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.floe.agent.state.StateDirectory;
import dev.floe.agent.support.FakeControlPlane;
import dev.floe.agent.support.Specs;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The agent side of the channel against a real HTTP server that speaks docs/agent-channel.md. */
class ControlPlaneClientIT {

    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    @TempDir
    Path dir;
    private FakeControlPlane controlPlane;
    private StateDirectory state;

    @BeforeEach
    void start() throws Exception {
        controlPlane = new FakeControlPlane();
        state = new StateDirectory(dir);
    }

    @AfterEach
    void stop() {
        controlPlane.close();
    }

    private AgentRegistration registration(URI url) {
        return new AgentRegistration(url, new CredentialStore(state), StateDirectory.mapper(), TIMEOUT);
    }

    private ControlPlaneClient client() {
        AgentCredentials credentials = registration(controlPlane.url())
                .credentials(Optional.of("flb_valid"), "0.1.0", "host-1");
        return new ControlPlaneClient(controlPlane.url(), credentials, StateDirectory.mapper(), TIMEOUT);
    }

    @Test
    void registersOnceAndKeepsTheCredentialsReadableByTheOwnerOnly() throws Exception {
        AgentCredentials first = registration(controlPlane.url()).credentials(Optional.of("flb_valid"), "0.1.0", "h");
        assertThat(first.environmentId()).isEqualTo(FakeControlPlane.ENVIRONMENT_ID);
        Path file = dir.resolve("credentials.json");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");

        // A restarted agent, even one still configured with the (now used) token, never registers again.
        AgentCredentials again = registration(controlPlane.url()).credentials(Optional.of("flb_valid"), "0.1.0", "h");
        assertThat(again).isEqualTo(first);
        assertThat(controlPlane.registrations()).isEqualTo(1);
    }

    @Test
    void aWrongExpiredOrUsedBootstrapTokenIsAClearErrorAndStoresNothing() {
        assertThatThrownBy(() -> registration(controlPlane.url()).credentials(Optional.of("flb_wrong"), "0.1.0", "h"))
                .isInstanceOf(ControlPlaneRejectedException.class)
                .hasMessageContaining("401").hasMessageContaining("bootstrap-token-unknown");
        assertThatThrownBy(() -> registration(controlPlane.url()).credentials(Optional.of("flb_expired"), "0.1.0", "h"))
                .isInstanceOf(ControlPlaneRejectedException.class).hasMessageContaining("bootstrap-token-expired");
        assertThat(dir.resolve("credentials.json")).doesNotExist();

        // Used by another agent first: the second one gets told so.
        new AgentRegistration(controlPlane.url(), new CredentialStore(new StateDirectory(dir.resolve("other"))),
                StateDirectory.mapper(), TIMEOUT).credentials(Optional.of("flb_valid"), "0.1.0", "h");
        assertThatThrownBy(() -> registration(controlPlane.url()).credentials(Optional.of("flb_valid"), "0.1.0", "h"))
                .isInstanceOf(ControlPlaneRejectedException.class).hasMessageContaining("bootstrap-token-used");
        assertThat(dir.resolve("credentials.json")).doesNotExist();
    }

    @Test
    void anUnregisteredAgentWithoutATokenSaysWhatToConfigure() {
        assertThatThrownBy(() -> registration(controlPlane.url()).credentials(Optional.empty(), "0.1.0", "h"))
                .hasMessageContaining("floe.agent.bootstrap-token");
    }

    @Test
    void longPollAnswersAtOnceForRevisionZeroAndOnChangeOtherwise() throws Exception {
        ControlPlaneClient client = client();
        DesiredState initial = client.desiredState(0, Duration.ofSeconds(30));
        assertThat(initial.revision()).isEqualTo(controlPlane.revision());
        assertThat(initial.clusters()).isEmpty();

        CompletableFuture<DesiredState> poll = CompletableFuture.supplyAsync(
                () -> client.desiredState(initial.revision(), Duration.ofSeconds(30)));
        // the change is published while the poll is held; the poll must return it (well before its 30 s)
        Thread.sleep(200);
        controlPlane.publish(Specs.localEnvironment(), List.of(Specs.cluster("c-1", 1, "op-1", 3)));
        DesiredState changed = poll.get(20, TimeUnit.SECONDS);
        assertThat(changed.revision()).isGreaterThan(initial.revision());
        assertThat(changed.clusters()).extracting(DesiredCluster::id).containsExactly("c-1");
        assertThat(changed.clusters().get(0).spec().brokerCount()).isEqualTo(3);
        assertThat(changed.environment().provider()).isEqualTo("local");
    }

    @Test
    void reportsStatusEventsAndHeartbeatsWithOneCachedTokenRenewedWhenRejected() {
        ControlPlaneClient client = client();
        Instant now = Instant.parse("2026-11-21T12:00:00Z");
        client.heartbeat(new Heartbeat("0.1.0", "host-1"));
        client.reportStatus("c-1", new ClusterStatus(3, "RUNNING", "127.0.0.1:19092", List.of(
                new BrokerStatus(1, "127.0.0.1", 19092, "zone-a", "UP", 0, 0, 0)),
                List.of(Condition.of("Ready", true, "AllBrokersUp", "1/1 brokers up", now)), false));
        client.stepEvent("op-1", new StepEvent("ensureBucket", "SUCCEEDED", "bucket ready", now));
        assertThat(controlPlane.tokenRequests()).isEqualTo(1);

        controlPlane.revokeAccessTokens();
        client.heartbeat(new Heartbeat("0.1.0", "host-1"));
        assertThat(controlPlane.tokenRequests()).isEqualTo(2);

        assertThat(controlPlane.heartbeats()).isEqualTo(2);
        ClusterStatus status = controlPlane.lastStatus("c-1");
        assertThat(status.phase()).isEqualTo("RUNNING");
        assertThat(status.conditions().get(0).lastTransitionTime()).isEqualTo(now);
        assertThat(controlPlane.events("op-1")).containsExactly(
                new StepEvent("ensureBucket", "SUCCEEDED", "bucket ready", now));
    }

    @Test
    void anUnavailableOrUnreachableControlPlaneIsRetryableNotFatal() throws Exception {
        ControlPlaneClient client = client();
        controlPlane.unavailable(true);
        assertThatThrownBy(() -> client.heartbeat(new Heartbeat("0.1.0", "h")))
                .isInstanceOf(ControlPlaneUnavailableException.class).hasMessageContaining("503");

        int freePort;
        try (ServerSocket socket = new ServerSocket(0)) {
            freePort = socket.getLocalPort();
        }
        AgentRegistration unregistered = new AgentRegistration(URI.create("http://127.0.0.1:" + freePort),
                new CredentialStore(new StateDirectory(dir.resolve("fresh"))), StateDirectory.mapper(), TIMEOUT);
        assertThatThrownBy(() -> unregistered.credentials(Optional.of("flb_x"), "0.1.0", "h"))
                .isInstanceOf(ControlPlaneUnavailableException.class);
    }
}
