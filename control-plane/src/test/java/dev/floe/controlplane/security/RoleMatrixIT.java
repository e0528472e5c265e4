package dev.floe.controlplane.security;

import static org.assertj.core.api.Assertions.assertThat;

import dev.floe.controlplane.support.ControlPlaneIT;
import dev.floe.controlplane.support.Http;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * Who may call what. The requests use ids that do not exist: a role that may call an endpoint gets past security
 * (and then a 404 or 400), one that may not is stopped with 401 or 403 before anything is read or written.
 */
class RoleMatrixIT extends ControlPlaneIT {

    private static final String ID = UUID.randomUUID().toString();

    record Call(String method, String path, Object body) {
        Http.Response send(Http http) {
            return http.send(method, path, body);
        }
    }

    private static final List<Call> READS = List.of(
            new Call("GET", "/api/v1/environments", null),
            new Call("GET", "/api/v1/environments/" + ID, null),
            new Call("GET", "/api/v1/environments/" + ID + "/agents", null),
            new Call("GET", "/api/v1/clusters", null),
            new Call("GET", "/api/v1/clusters/" + ID, null),
            new Call("GET", "/api/v1/recovery-tiers", null),
            new Call("GET", "/api/v1/recovery-tiers/standard", null),
            new Call("GET", "/api/v1/dr-pairings", null),
            new Call("GET", "/api/v1/dr-pairings/" + ID, null),
            new Call("GET", "/api/v1/operations", null),
            new Call("GET", "/api/v1/operations/" + ID, null),
            new Call("GET", "/api/v1/audit-events", null));

    private static final List<Call> OPERATOR_WRITES = List.of(
            new Call("POST", "/api/v1/environments", Map.of()),
            new Call("PUT", "/api/v1/environments/" + ID, Map.of("region", "local")),
            new Call("DELETE", "/api/v1/environments/" + ID, null),
            new Call("POST", "/api/v1/environments/" + ID + "/bootstrap-tokens", null),
            new Call("POST", "/api/v1/clusters", Map.of()),
            new Call("PUT", "/api/v1/clusters/" + ID, Map.of()),
            new Call("POST", "/api/v1/clusters/" + ID + "/scale", Map.of("brokerCount", 3)),
            new Call("DELETE", "/api/v1/clusters/" + ID, null),
            new Call("POST", "/api/v1/dr-pairings", Map.of()),
            new Call("PUT", "/api/v1/dr-pairings/" + ID, Map.of("topicFilter", "*", "groupFilter", "*")),
            new Call("POST", "/api/v1/dr-pairings/" + ID + "/failover", Map.of("mode", "planned")),
            new Call("POST", "/api/v1/dr-pairings/" + ID + "/failback", null),
            new Call("DELETE", "/api/v1/dr-pairings/" + ID, null),
            new Call("POST", "/api/v1/operations/" + ID + "/cancel", null));

    private static final List<Call> ADMIN_ONLY = List.of(
            new Call("POST", "/api/v1/recovery-tiers", Map.of()),
            new Call("PUT", "/api/v1/recovery-tiers/" + "no-such-tier", Map.of()),
            new Call("DELETE", "/api/v1/recovery-tiers/no-such-tier", null),
            new Call("GET", "/api/v1/api-clients", null),
            new Call("POST", "/api/v1/api-clients", Map.of()),
            new Call("DELETE", "/api/v1/api-clients/no-such-client", null));

    private static final List<Call> AGENT_ONLY = List.of(
            new Call("GET", "/api/v1/agent/environments/" + ID + "/desired-state?revision=0", null),
            new Call("POST", "/api/v1/agent/environments/" + ID + "/heartbeat", Map.of()),
            new Call("PUT", "/api/v1/agent/environments/" + ID + "/clusters/" + ID + "/status", Map.of()),
            new Call("POST", "/api/v1/agent/environments/" + ID + "/operations/" + ID + "/events", Map.of()));

    @Test
    void withoutATokenEveryApiCallIs401WithAProblemDetail() {
        for (List<Call> calls : List.of(READS, OPERATOR_WRITES, ADMIN_ONLY, AGENT_ONLY)) {
            for (Call call : calls) {
                Http.Response response = call.send(anonymous());
                assertThat(response.status()).as(call.toString()).isEqualTo(401);
                assertThat(response.header("Content-Type")).as(call.toString()).contains("application/problem+json");
                assertThat(response.json().get("type").asText()).endsWith("/unauthenticated");
            }
        }
    }

    @Test
    void aForgedOrGarbledTokenIs401() {
        Http.Response response = anonymous().withToken("eyJhbGciOiJSUzI1NiJ9.e30.c2lnbmF0dXJl").get("/api/v1/clusters");
        assertThat(response.status()).isEqualTo(401);
    }

    @Test
    void aViewerReadsEverythingButChangesNothing() {
        assertAllowed(viewer(), READS);
        assertForbidden(viewer(), OPERATOR_WRITES);
        assertForbidden(viewer(), ADMIN_ONLY);
        assertForbidden(viewer(), AGENT_ONLY);
    }

    @Test
    void anOperatorChangesEnvironmentsClustersAndPairingsButNotTiersOrClients() {
        assertAllowed(operator(), READS);
        assertAllowed(operator(), OPERATOR_WRITES);
        assertForbidden(operator(), ADMIN_ONLY);
        assertForbidden(operator(), AGENT_ONLY);
    }

    @Test
    void anAdminMayDoEverythingExceptSpeakForAnAgent() {
        assertAllowed(admin(), READS);
        assertAllowed(admin(), OPERATOR_WRITES);
        assertAllowed(admin(), ADMIN_ONLY);
        assertForbidden(admin(), AGENT_ONLY);
    }

    @Test
    void apiClientSecretsAreShownOnceStoredHashedAndTheTokenEndpointRefusesAWrongOne() {
        Http.Response created = admin().post("/api/v1/api-clients", Map.of("name", "ci", "roles", Set.of("viewer")));
        assertThat(created.status()).isEqualTo(201);
        String clientId = created.json().get("clientId").asText();
        String secret = created.json().get("clientSecret").asText();

        JsonNode listed = admin().get("/api/v1/api-clients").json();
        listed.forEach(client -> assertThat(client.get("clientSecret").isNull()).isTrue());
        String stored = jdbc.queryForObject("SELECT secret_hash FROM api_client WHERE client_id = ?", String.class,
                clientId);
        assertThat(stored).startsWith("{bcrypt}").doesNotContain(secret);
        assertThat(Http.token(baseUrl(), clientId, secret + "x").status()).isEqualTo(401);
        assertThat(Http.token(baseUrl(), clientId, secret).status()).isEqualTo(200);

        assertThat(admin().delete("/api/v1/api-clients/" + clientId).status()).isEqualTo(204);
        assertThat(Http.token(baseUrl(), clientId, secret).status()).isEqualTo(401);
    }

    @Test
    void agentRoleCannotBeGrantedThroughTheApi() {
        Http.Response response = admin().post("/api/v1/api-clients", Map.of("name", "fake", "roles", Set.of("agent")));
        assertThat(response.status()).isEqualTo(400);
        assertThat(response.json().get("field").asText()).isEqualTo("roles");
    }

    private static void assertAllowed(Http http, List<Call> calls) {
        for (Call call : calls) {
            int status = call.send(http).status();
            assertThat(status).as(call.toString()).isNotIn(401, 403);
            assertThat(status).as(call.toString()).isLessThan(500);
        }
    }

    private static void assertForbidden(Http http, List<Call> calls) {
        for (Call call : calls) {
            Http.Response response = call.send(http);
            assertThat(response.status()).as(call + " → " + response).isEqualTo(403);
            assertThat(response.json().get("type").asText()).endsWith("/forbidden");
        }
    }
}
