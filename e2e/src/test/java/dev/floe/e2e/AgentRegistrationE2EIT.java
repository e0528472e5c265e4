package dev.floe.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.floe.e2e.support.Agent;
import dev.floe.e2e.support.Api;
import dev.floe.e2e.support.ControlPlane;
import dev.floe.e2e.support.Ports;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/**
 * An agent registers once with its environment's one-time bootstrap token; a wrong, used or expired token stops the
 * agent with a clear reason before it provisions anything, against the real control plane.
 */
class AgentRegistrationE2EIT {

    private static final Duration TOKEN_LIFETIME = Duration.ofSeconds(40);

    @TempDir
    Path dir;

    @Test
    void onlyAFreshUnusedBootstrapTokenRegistersAnAgentAndRejectedAgentsProvisionNothing() throws Exception {
        try (ControlPlane controlPlane = new ControlPlane(dir.resolve("control-plane"), Ports.free(),
                "--floe.agents.bootstrap-token-ttl=" + TOKEN_LIFETIME.toSeconds() + "s").start()) {
            Api api = controlPlane.adminApi();
            JsonNode first = createEnvironment(api, "first");
            JsonNode second = createEnvironment(api, "second");
            Instant secondTokenIssued = Instant.now();
            String firstToken = first.get("bootstrapToken").asText();

            try (Agent registered = new Agent(dir.resolve("registered"), controlPlane.url(), firstToken).start()) {
                awaitConnected(api, first.at("/environment/id").asText(), registered);

                assertRejected(new Agent(dir.resolve("wrong"), controlPlane.url(), "flb_not-a-token"),
                        "bootstrap-token-unknown");
                assertRejected(new Agent(dir.resolve("reused"), controlPlane.url(), firstToken),
                        "bootstrap-token-used");

                sleepUntil(secondTokenIssued.plus(TOKEN_LIFETIME).plusSeconds(2));
                assertRejected(new Agent(dir.resolve("late"), controlPlane.url(), second.get("bootstrapToken").asText()),
                        "bootstrap-token-expired");
                assertThat(api.get("/api/v1/environments/" + second.at("/environment/id").asText() + "/agents")
                        .toString()).doesNotContain("\"clientId\"");
            }
        }
    }

    private static JsonNode createEnvironment(Api api, String name) {
        return api.post("/api/v1/environments", Map.of("name", name, "provider", "local",
                "settings", Map.of("region", "local")));
    }

    /** The agent exits with code 1, says why, and leaves neither credentials nor local resources behind. */
    private static void assertRejected(Agent agent, String problem) {
        try (agent) {
            agent.start();
            assertThat(agent.awaitExitCode(120)).as(agent.logTail()).isEqualTo(1);
            assertThat(agent.logTail()).contains(problem);
            assertThat(agent.stateDir().resolve("credentials.json")).doesNotExist();
            assertThat(Files.exists(agent.stateDir().resolve("local"))).as("local resources created").isFalse();
        }
    }

    private static void awaitConnected(Api api, String environmentId, Agent agent) throws InterruptedException {
        Instant deadline = Instant.now().plus(Duration.ofMinutes(2));
        while (Instant.now().isBefore(deadline)) {
            String agents = api.get("/api/v1/environments/" + environmentId + "/agents").toString();
            if (agents.contains("CONNECTED") && !agents.contains("DISCONNECTED")) {
                assertThat(agent.stateDir().resolve("credentials.json")).exists();
                return;
            }
            Thread.sleep(500);
        }
        throw new AssertionError("agent never connected\n" + agent.logTail());
    }

    private static void sleepUntil(Instant moment) throws InterruptedException {
        long millis = Duration.between(Instant.now(), moment).toMillis();
        if (millis > 0) {
            Thread.sleep(millis);
        }
    }
}
