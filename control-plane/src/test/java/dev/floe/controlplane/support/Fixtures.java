package dev.floe.controlplane.support;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import tools.jackson.databind.JsonNode;

/** Builds the things most tests need, through the public API. */
public final class Fixtures {

    /** An environment and the bootstrap token its agent registers with. */
    public record CreatedEnvironment(String id, String bootstrapToken) {
    }

    /** A registered agent and an HTTP client that calls as that agent. */
    public record RegisteredAgent(String agentId, String environmentId, String clientId, Http http) {
        public String base() {
            return "/api/v1/agent/environments/" + environmentId;
        }
    }

    private final Http admin;
    private final String baseUrl;

    public Fixtures(String baseUrl, Http admin) {
        this.baseUrl = baseUrl;
        this.admin = admin;
    }

    public static Map<String, Object> spec(int brokers, List<String> zones) {
        return Map.of("brokerCount", brokers, "instanceType", "m7g.large", "zones", zones, "walVolumeSizeGiB", 10);
    }

    public CreatedEnvironment environment(String name) {
        Http.Response response = admin.post("/api/v1/environments",
                Map.of("name", name, "provider", "local", "settings", Map.of("region", "local")));
        assertThat(response.status()).as(response.toString()).isEqualTo(201);
        return new CreatedEnvironment(response.json().at("/environment/id").asText(),
                response.json().get("bootstrapToken").asText());
    }

    /** Creates a cluster and returns the 202 body ({@code operation}, {@code cluster}). */
    public JsonNode cluster(String environmentId, String name, String tier, Map<String, Object> spec) {
        Http.Response response = admin.post("/api/v1/clusters",
                Map.of("environmentId", environmentId, "name", name, "tier", tier, "spec", spec));
        assertThat(response.status()).as(response.toString()).isEqualTo(202);
        return response.json();
    }

    public RegisteredAgent agent(CreatedEnvironment environment) {
        Http.Response registered = new Http(baseUrl, null).post("/api/v1/agent/register",
                Map.of("bootstrapToken", environment.bootstrapToken(), "agentVersion", "0.1.0", "hostname", "test"));
        assertThat(registered.status()).as(registered.toString()).isEqualTo(201);
        JsonNode body = registered.json();
        Http.Response token = Http.token(baseUrl, body.get("clientId").asText(), body.get("clientSecret").asText());
        assertThat(token.status()).as(token.toString()).isEqualTo(200);
        return new RegisteredAgent(body.get("agentId").asText(), body.get("environmentId").asText(),
                body.get("clientId").asText(), new Http(baseUrl, token.json().get("access_token").asText()));
    }

    /** Polls an operation until it satisfies {@code done}; bounded, and fails with the last state seen. */
    public JsonNode awaitOperation(String operationId, Predicate<JsonNode> done) {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        JsonNode operation = null;
        while (System.nanoTime() < deadline) {
            operation = admin.get("/api/v1/operations/" + operationId).json();
            if (done.test(operation)) {
                return operation;
            }
            sleep(100);
        }
        throw new AssertionError("operation " + operationId + " did not reach the expected state: " + operation);
    }

    public JsonNode awaitOperationState(String operationId, String state) {
        return awaitOperation(operationId, operation -> state.equals(operation.get("state").asText()));
    }

    public static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
