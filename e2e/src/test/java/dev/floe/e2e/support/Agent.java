package dev.floe.e2e.support;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/** The data-plane agent with the local provider, as its own process; brokers it launches outlive it. */
public final class Agent implements AutoCloseable {

    private final Path dir;
    private final String controlPlaneUrl;
    private final String bootstrapToken;
    private JavaProcess process;

    public Agent(Path dir, String controlPlaneUrl, String bootstrapToken) {
        this.dir = dir;
        this.controlPlaneUrl = controlPlaneUrl;
        this.bootstrapToken = bootstrapToken;
    }

    public Agent start() {
        process = JavaProcess.start("agent", Repository.agentJar(), dir, Map.of(), List.of(
                "--floe.agent.control-plane-url=" + controlPlaneUrl,
                "--floe.agent.bootstrap-token=" + bootstrapToken,
                "--floe.agent.state-dir=" + stateDir(),
                "--floe.agent.poll-wait=5s",
                "--floe.agent.local.broker-jar=" + Repository.brokerJar(),
                "--floe.agent.local.broker-jvm-options=-Xmx256m -XX:+UseSerialGC -XX:TieredStopAtLevel=1"));
        return this;
    }

    public Path stateDir() {
        return dir.resolve("state");
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    /** Waits for the agent to end by itself and returns its exit code. */
    public int awaitExitCode(int seconds) {
        if (!process.awaitExit(seconds)) {
            throw new AssertionError("agent still running after " + seconds + " s\n" + process.logTail());
        }
        return process.exitValue();
    }

    /** SIGKILL in the middle of whatever it is doing. */
    public void kill() {
        process.kill();
    }

    public String logTail() {
        return process.logTail();
    }

    /** Stops the agent, then the local provider's shared services (S3 server, PostgreSQL). */
    @Override
    public void close() {
        if (process != null) {
            process.stop();
        }
        try (JavaProcess stopLocal = JavaProcess.start("agent-stop-local", Repository.agentJar(), dir, Map.of(),
                List.of("stop-local", "--floe.agent.state-dir=" + stateDir()))) {
            stopLocal.awaitExit(120);
        }
    }
}
