package dev.floe.agent;

import static org.assertj.core.api.Assertions.assertThat;

import dev.floe.agent.controlplane.ClusterStatus;
import dev.floe.agent.reconcile.ClusterPlanner;
import dev.floe.agent.support.FakeControlPlane;
import dev.floe.agent.support.Processes;
import dev.floe.agent.support.Specs;
import dev.floe.agent.support.StandInBrokerJar;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The agent as its own process, killed with SIGKILL in the middle of provisioning and started again: it resumes,
 * creates nothing twice, re-adopts the brokers already running, keeps healing them while the control plane is
 * away, and deletes everything on request.
 */
class AgentRestartIT {

    private static final String CLUSTER = "a9e17000-0000-4000-8000-000000000042";
    private static final Duration PATIENCE = Duration.ofSeconds(120);

    @TempDir
    Path dir;
    private FakeControlPlane controlPlane;
    private Path stateDir;
    private Path brokerJar;
    private final List<Process> agents = new ArrayList<>();

    @BeforeEach
    void start() throws Exception {
        controlPlane = new FakeControlPlane();
        stateDir = dir.resolve("state");
        brokerJar = StandInBrokerJar.build(dir.resolve("broker"));
    }

    @AfterEach
    void stop() throws Exception {
        agents.forEach(Process::destroyForcibly);
        for (int node = 1; node <= 3; node++) {
            Path pid = brokerDir(node).resolve("pid");
            if (Files.exists(pid)) {
                ProcessHandle.of(Processes.pid(pid)).ifPresent(ProcessHandle::destroyForcibly);
            }
        }
        agent("stop-local").waitFor();
        controlPlane.close();
    }

    @Test
    void aKilledAgentResumesProvisioningWithoutCreatingAnythingTwice() throws Exception {
        controlPlane.publish(Specs.localEnvironment(), List.of(Specs.cluster(CLUSTER, 1, "op-create", 3)));
        Process first = agent();
        await("the first broker to be launched", () -> Files.exists(brokerDir(1).resolve("pid")));
        Processes.signal(first.pid(), "KILL");
        first.waitFor();
        assertThat(controlPlane.lastStatus(CLUSTER) == null
                || !"RUNNING".equals(controlPlane.lastStatus(CLUSTER).phase())).isTrue();

        Process second = agent();
        await("the cluster to run", () -> isRunning(controlPlane.lastStatus(CLUSTER)));
        assertThat(controlPlane.registrations()).isEqualTo(1);
        for (int node = 1; node <= 3; node++) {
            assertThat(Processes.launches(walDir(node))).as("launches of broker %d", node).hasSize(1);
        }
        assertThat(sameS3Servers()).isEqualTo(1);
        assertThat(Files.readString(stateDir.resolve("agent.pid"))).isEqualTo(Long.toString(second.pid()));
        assertThat(agent("stop-local").waitFor()).as("stop-local while the agent runs").isEqualTo(1);
        assertThat(Processes.alive(Processes.pid(brokerDir(1).resolve("pid")))).isTrue();
        assertThat(controlPlane.events("op-create")).anyMatch(e -> e.step().equals("awaitReady")
                && e.state().equals("SUCCEEDED"));

        // Control plane gone: a broker dies and the agent replaces it all the same.
        controlPlane.unavailable(true);
        long victim = Processes.pid(brokerDir(2).resolve("pid"));
        Processes.signal(victim, "KILL");
        await("broker 2 to be replaced while the control plane is away",
                () -> Processes.launches(walDir(2)).size() == 2 && Processes.alive(brokerPidOrZero(2)));
        int reportsBefore = controlPlane.statuses(CLUSTER).size();
        controlPlane.unavailable(false);
        await("the agent to catch up with the control plane",
                () -> controlPlane.statuses(CLUSTER).size() > reportsBefore && isRunning(controlPlane.lastStatus(CLUSTER)));

        // Delete: everything goes.
        List<Long> pids = List.of(brokerPidOrZero(1), brokerPidOrZero(2), brokerPidOrZero(3));
        controlPlane.publish(Specs.localEnvironment(), List.of(Specs.deleting(
                Specs.cluster(CLUSTER, 1, null, 3), 2, "op-delete")));
        await("the cluster to be deleted", () -> controlPlane.lastStatus(CLUSTER).deleted());
        assertThat(pids).noneMatch(Processes::alive);
        assertThat(stateDir.resolve("local/volumes/" + CLUSTER)).doesNotExist();

        second.destroy();
        second.waitFor();
        assertThat(agent("stop-local").waitFor()).isZero();
        assertThat(sameS3Servers()).isZero();
        assertThat(stateDir.resolve("local/postgres/postmaster.pid")).doesNotExist();
    }

    @Test
    void anAgentStartedBeforeTheControlPlaneAnswersRegistersOnceItDoes() throws Exception {
        controlPlane.unavailable(true);
        Process agent = agent();
        await("registration attempts", () -> controlPlane.requests().stream()
                .filter(r -> r.equals("POST /api/v1/agent/register")).count() >= 2);
        assertThat(agent.isAlive()).isTrue();
        controlPlane.unavailable(false);
        await("the agent to register and say it is alive", () -> controlPlane.heartbeats() > 0);
        assertThat(controlPlane.registrations()).isEqualTo(1);
    }

    @Test
    void aRejectedBootstrapTokenStopsTheAgentWithAClearErrorAndProvisionsNothing() throws Exception {
        controlPlane.publish(Specs.localEnvironment(), List.of(Specs.cluster(CLUSTER, 1, "op-create", 3)));
        Process agent = agentWithToken("flb_expired");
        assertThat(agent.waitFor()).isEqualTo(1);
        assertThat(Files.readString(dir.resolve("agent.log"))).contains("bootstrap-token-expired");
        assertThat(stateDir.resolve("credentials.json")).doesNotExist();
        assertThat(stateDir.resolve("local")).doesNotExist();
    }

    private static boolean isRunning(ClusterStatus status) {
        return status != null && "RUNNING".equals(status.phase());
    }

    private long sameS3Servers() {
        String marker = "FLOE_PROCESS_KEY=s3:" + stateDir.toAbsolutePath().normalize();
        return ProcessHandle.allProcesses().filter(p -> {
            try {
                return new String(Files.readAllBytes(Path.of("/proc", Long.toString(p.pid()), "environ")))
                        .contains(marker);
            } catch (IOException e) {
                return false;
            }
        }).count();
    }

    private long brokerPidOrZero(int node) {
        Path pid = brokerDir(node).resolve("pid");
        return Files.exists(pid) ? Processes.pid(pid) : 0;
    }

    private Path brokerDir(int node) {
        return stateDir.resolve("local/brokers/" + CLUSTER + "/" + node);
    }

    private Path walDir(int node) {
        return stateDir.resolve("local/volumes/" + CLUSTER + "/" + ClusterPlanner.volumeName(CLUSTER, node) + "/data");
    }

    private Process agent(String... extra) throws IOException {
        return agentWithToken("flb_valid", extra);
    }

    private Process agentWithToken(String token, String... extra) throws IOException {
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx256m",
                "-XX:TieredStopAtLevel=1", "-cp", System.getProperty("java.class.path"), Main.class.getName(),
                "--floe.agent.control-plane-url=" + controlPlane.url(),
                "--floe.agent.bootstrap-token=" + token,
                "--floe.agent.state-dir=" + stateDir,
                "--floe.agent.poll-wait=2s",
                "--floe.agent.heartbeat-interval=1s",
                "--floe.agent.backoff-initial=200ms",
                "--floe.agent.backoff-max=1s",
                "--floe.agent.local.broker-jar=" + brokerJar,
                // slow readiness keeps the first agent inside provisioning when it is killed
                "--floe.agent.local.broker-jvm-options=-Xmx64m -XX:TieredStopAtLevel=1 -Dstandin.readyDelayMs=1500"));
        command.addAll(List.of(extra));
        Process process = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve("agent.log").toFile())).start();
        agents.add(process);
        return process;
    }

    private void await(String what, BooleanSupplier condition) throws Exception {
        Instant deadline = Instant.now().plus(PATIENCE);
        while (!condition.getAsBoolean()) {
            if (Instant.now().isAfter(deadline)) {
                throw new AssertionError("timed out waiting for " + what + "; agent log:\n"
                        + tail(dir.resolve("agent.log")));
            }
            Thread.sleep(100);
        }
    }

    private static String tail(Path log) throws IOException {
        List<String> lines = Files.exists(log) ? Files.readAllLines(log) : List.of();
        return String.join("\n", lines.subList(Math.max(0, lines.size() - 60), lines.size()));
    }
}
