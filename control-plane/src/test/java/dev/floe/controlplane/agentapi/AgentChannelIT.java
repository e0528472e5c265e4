package dev.floe.controlplane.agentapi;

import static org.assertj.core.api.Assertions.assertThat;

import dev.floe.controlplane.support.ControlPlaneIT;
import dev.floe.controlplane.support.Fixtures;
import dev.floe.controlplane.support.Http;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** The agent channel exactly as docs/agent-channel.md describes it. */
class AgentChannelIT extends ControlPlaneIT {

    @Test
    void registrationTradesTheBootstrapTokenOnceForEnvironmentScopedCredentials() {
        Fixtures.CreatedEnvironment environment = fixtures().environment(unique("env"));

        Http.Response registered = anonymous().post("/api/v1/agent/register",
                Map.of("bootstrapToken", environment.bootstrapToken(), "agentVersion", "0.1.0", "hostname", "h1"));
        assertThat(registered.status()).isEqualTo(201);
        JsonNode body = registered.json();
        assertThat(body.get("environmentId").asText()).isEqualTo(environment.id());
        assertThat(body.get("clientId").asText()).startsWith("agent-");
        assertThat(body.get("tokenUrl").asText()).isEqualTo(baseUrl() + "/oauth2/token");

        String token = tokenFor(body.get("clientId").asText(), body.get("clientSecret").asText());
        String[] parts = token.split("\\.");
        JsonNode claims = Http.JSON.readTree(java.util.Base64.getUrlDecoder().decode(parts[1]));
        assertThat(claims.get("roles").get(0).asText()).isEqualTo("agent");
        assertThat(claims.get("environment_id").asText()).isEqualTo(environment.id());

        Http.Response again = anonymous().post("/api/v1/agent/register",
                Map.of("bootstrapToken", environment.bootstrapToken()));
        assertThat(again.status()).isEqualTo(401);
        assertThat(again.json().get("type").asText()).endsWith("/bootstrap-token-used");
    }

    @Test
    void wrongAndExpiredBootstrapTokensAreToldApart() {
        Fixtures.CreatedEnvironment environment = fixtures().environment(unique("env"));
        jdbc.update("UPDATE bootstrap_token SET expires_at = now() - interval '1 minute' WHERE environment_id = ?",
                java.util.UUID.fromString(environment.id()));

        Http.Response expired = anonymous().post("/api/v1/agent/register",
                Map.of("bootstrapToken", environment.bootstrapToken()));
        Http.Response wrong = anonymous().post("/api/v1/agent/register", Map.of("bootstrapToken", "flb_nonsense"));

        assertThat(expired.status()).isEqualTo(401);
        assertThat(expired.json().get("type").asText()).endsWith("/bootstrap-token-expired");
        assertThat(wrong.status()).isEqualTo(401);
        assertThat(wrong.json().get("type").asText()).endsWith("/bootstrap-token-unknown");
        assertThat(jdbc.queryForObject("SELECT count(*) FROM agent WHERE environment_id = ?", Integer.class,
                java.util.UUID.fromString(environment.id()))).isZero();
    }

    @Test
    void aLongPollReturnsAtOnceForAnOldRevisionAndWakesUpWhenTheDesiredStateChanges() throws Exception {
        Fixtures.CreatedEnvironment environment = fixtures().environment(unique("env"));
        Fixtures.RegisteredAgent agent = fixtures().agent(environment);
        JsonNode initial = agent.http().get(agent.base() + "/desired-state?revision=0").json();
        long revision = initial.get("revision").asLong();
        assertThat(initial.get("clusters")).isEmpty();
        assertThat(initial.at("/environment/provider").asText()).isEqualTo("local");
        assertThat(initial.get("pendingSteps")).isEmpty();

        CompletableFuture<Http.Response> poll = CompletableFuture.supplyAsync(() ->
                agent.http().get(agent.base() + "/desired-state?revision=" + revision + "&waitSeconds=30"));
        Fixtures.sleep(300);
        assertThat(poll).isNotDone();
        fixtures().cluster(environment.id(), "woken", "dev", Fixtures.spec(1, List.of("zone-a")));

        JsonNode changed = poll.get(20, TimeUnit.SECONDS).json();
        assertThat(changed.get("revision").asLong()).isGreaterThan(revision);
        assertThat(changed.get("clusters").get(0).get("name").asText()).isEqualTo("woken");

        Http.Response unchanged = agent.http().get(agent.base() + "/desired-state?revision="
                + changed.get("revision").asLong() + "&waitSeconds=1");
        assertThat(unchanged.status()).isEqualTo(200);
        assertThat(unchanged.json().get("revision").asLong()).isEqualTo(changed.get("revision").asLong());
    }

    @Test
    void anAgentMayOnlyReadAndReportItsOwnEnvironment() {
        Fixtures.CreatedEnvironment a = fixtures().environment(unique("env-a"));
        Fixtures.CreatedEnvironment b = fixtures().environment(unique("env-b"));
        Fixtures.RegisteredAgent agentOfA = fixtures().agent(a);
        JsonNode clusterOfB = fixtures().cluster(b.id(), "theirs", "dev", Fixtures.spec(1, List.of("zone-a")));
        String bBase = "/api/v1/agent/environments/" + b.id();

        assertThat(agentOfA.http().get(bBase + "/desired-state?revision=0").status()).isEqualTo(403);
        assertThat(agentOfA.http().post(bBase + "/heartbeat", Map.of()).status()).isEqualTo(403);
        assertThat(agentOfA.http().put(bBase + "/clusters/" + clusterOfB.at("/cluster/id").asText() + "/status",
                Map.of("observedGeneration", 1, "phase", "RUNNING")).status()).isEqualTo(403);
        assertThat(agentOfA.http().post(bBase + "/operations/" + clusterOfB.at("/operation/id").asText()
                + "/events", Map.of("step", "x", "state", "RUNNING")).status()).isEqualTo(403);
        // nor through its own environment's path
        assertThat(agentOfA.http().put(agentOfA.base() + "/clusters/" + clusterOfB.at("/cluster/id").asText()
                + "/status", Map.of("observedGeneration", 1, "phase", "RUNNING")).status()).isEqualTo(404);
        // and the people's API is closed to agents
        assertThat(agentOfA.http().get("/api/v1/environments/" + a.id()).status()).isEqualTo(403);
    }

    @Test
    void stepEventsAreIdempotentAndAppendedInTheOrderFirstSeen() {
        Fixtures.CreatedEnvironment environment = fixtures().environment(unique("env"));
        Fixtures.RegisteredAgent agent = fixtures().agent(environment);
        String operationId = fixtures().cluster(environment.id(), "evented", "dev",
                Fixtures.spec(1, List.of("zone-a"))).at("/operation/id").asText();
        String events = agent.base() + "/operations/" + operationId + "/events";

        for (Map<String, Object> event : List.<Map<String, Object>>of(
                Map.of("step", "ensureCatalog", "state", "RUNNING", "time", "2026-11-21T12:00:00Z"),
                Map.of("step", "ensureCatalog", "state", "SUCCEEDED", "message", "catalog ready"),
                Map.of("step", "ensureBucket", "state", "SUCCEEDED", "message", "bucket ready"),
                Map.of("step", "ensureCatalog", "state", "SUCCEEDED", "message", "repeated"))) {
            assertThat(agent.http().post(events, event).status()).isEqualTo(204);
        }

        List<JsonNode> agentSteps = new java.util.ArrayList<>();
        admin().get("/api/v1/operations/" + operationId).json().get("steps").forEach(step -> {
            if (step.get("kind").asText().equals("AGENT")) {
                agentSteps.add(step);
            }
        });
        assertThat(agentSteps).extracting(step -> step.get("name").asText())
                .containsExactly("ensureCatalog", "ensureBucket");
        assertThat(agentSteps.get(0).get("state").asText()).isEqualTo("SUCCEEDED");
        assertThat(agentSteps.get(0).get("message").asText()).as("a repeated event changes nothing")
                .isEqualTo("catalog ready");
    }

    @Test
    void heartbeatsMarkAnAgentConnectedAndSilenceMarksItDisconnected() {
        Fixtures.CreatedEnvironment environment = fixtures().environment(unique("env"));
        Fixtures.RegisteredAgent agent = fixtures().agent(environment);

        Http.Response beat = agent.http().post(agent.base() + "/heartbeat",
                Map.of("agentVersion", "0.2.0", "hostname", "ip-10-0-1-5"));
        assertThat(beat.status()).isEqualTo(204);
        JsonNode listed = viewer().get("/api/v1/environments/" + environment.id() + "/agents").json().get(0);
        assertThat(listed.get("status").asText()).isEqualTo("CONNECTED");
        assertThat(listed.get("agentVersion").asText()).isEqualTo("0.2.0");
        assertThat(listed.get("hostname").asText()).isEqualTo("ip-10-0-1-5");

        // as if the agent had been silent for longer than the heartbeat timeout
        jdbc.update("UPDATE agent SET last_seen_at = now() - interval '1 hour' WHERE id = ?",
                java.util.UUID.fromString(agent.agentId()));
        assertThat(viewer().get("/api/v1/environments/" + environment.id() + "/agents").json().get(0)
                .get("status").asText()).isEqualTo("DISCONNECTED");
    }

    @Test
    void badReportsAreRefusedWithTheFieldNamedAndChangeNothing() {
        Fixtures.CreatedEnvironment environment = fixtures().environment(unique("env"));
        Fixtures.RegisteredAgent agent = fixtures().agent(environment);
        String clusterId = fixtures().cluster(environment.id(), "strict", "dev", Fixtures.spec(1, List.of("zone-a")))
                .at("/cluster/id").asText();
        String status = agent.base() + "/clusters/" + clusterId + "/status";
        var before = snapshot();

        Http.Response future = agent.http().put(status, Map.of("observedGeneration", 7, "phase", "RUNNING"));
        Http.Response phase = agent.http().put(status, Map.of("observedGeneration", 1, "phase", "SLEEPING"));
        Http.Response missing = agent.http().put(status, Map.of("phase", "RUNNING"));
        Http.Response event = agent.http().post(agent.base() + "/operations/" + java.util.UUID.randomUUID()
                + "/events", Map.of("step", "x", "state", "SUCCEEDED"));
        Http.Response wait = agent.http().get(agent.base() + "/desired-state?revision=1&waitSeconds=3600");

        assertThat(future.status()).isEqualTo(400);
        assertThat(future.json().get("field").asText()).isEqualTo("observedGeneration");
        assertThat(phase.status()).isEqualTo(400);
        assertThat(phase.json().get("field").asText()).isEqualTo("phase");
        assertThat(missing.status()).isEqualTo(400);
        assertThat(missing.json().get("field").asText()).isEqualTo("observedGeneration");
        assertThat(event.status()).isEqualTo(404);
        assertThat(wait.status()).isEqualTo(400);
        assertThat(wait.json().get("field").asText()).isEqualTo("waitSeconds");
        assertThat(snapshot()).isEqualTo(before);
        assertThat(admin().get("/api/v1/clusters/" + clusterId).json().at("/status/phase").asText())
                .isEqualTo("PROVISIONING");
    }
}
