package dev.floe.controlplane.audit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.floe.controlplane.support.ControlPlaneIT;
import dev.floe.controlplane.support.Fixtures;
import dev.floe.controlplane.support.Http;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

class AuditIT extends ControlPlaneIT {

    @Test
    void everyMutatingCallIsRecordedWithActorTargetSummaryAndRequestId() {
        Http.Response created = admin().withHeader("X-Request-Id", "audit-req-1").post("/api/v1/environments",
                Map.of("name", unique("audited"), "provider", "local", "settings", Map.of("region", "local")));
        String environmentId = created.json().at("/environment/id").asText();
        Fixtures.CreatedEnvironment environment = new Fixtures.CreatedEnvironment(environmentId,
                created.json().get("bootstrapToken").asText());
        String clusterId = fixtures().cluster(environmentId, "c", "dev", Fixtures.spec(1, List.of("z")))
                .at("/cluster/id").asText();
        Fixtures.RegisteredAgent agent = fixtures().agent(environment);

        JsonNode byRequest = viewer().get("/api/v1/audit-events?requestId=audit-req-1").json();
        assertThat(byRequest.get("totalItems").asInt()).isEqualTo(1);
        JsonNode event = byRequest.get("items").get(0);
        assertThat(event.get("actor").asText()).isEqualTo(ADMIN_ID);
        assertThat(event.get("action").asText()).isEqualTo("environment.create");
        assertThat(event.get("targetId").asText()).isEqualTo(environmentId);
        assertThat(event.get("summary").asText()).contains("local environment");

        JsonNode clusterEvents = viewer().get("/api/v1/audit-events?targetType=cluster&targetId=" + clusterId).json();
        assertThat(clusterEvents.get("items").get(0).get("action").asText()).isEqualTo("cluster.create");
        JsonNode registration = viewer().get("/api/v1/audit-events?action=agent.register&actor=" + agent.clientId())
                .json();
        assertThat(registration.get("totalItems").asInt()).isEqualTo(1);
    }

    @Test
    void agentReportsAreAuditedWhenTheyChangeSomethingNotWhenRepeated() {
        Fixtures.CreatedEnvironment environment = fixtures().environment(unique("env"));
        Fixtures.RegisteredAgent agent = fixtures().agent(environment);
        JsonNode created = fixtures().cluster(environment.id(), "reported", "dev", Fixtures.spec(1, List.of("z")));
        String clusterId = created.at("/cluster/id").asText();
        String operationId = created.at("/operation/id").asText();

        for (int i = 0; i < 3; i++) {
            agent.http().put(agent.base() + "/clusters/" + clusterId + "/status",
                    Map.of("observedGeneration", 1, "phase", "RUNNING"));
            agent.http().post(agent.base() + "/operations/" + operationId + "/events",
                    Map.of("step", "ensureBrokers", "state", "SUCCEEDED"));
        }

        JsonNode status = viewer().get("/api/v1/audit-events?action=cluster.status&targetId=" + clusterId).json();
        assertThat(status.get("totalItems").asInt()).isEqualTo(1);
        assertThat(status.at("/items/0/actor").asText()).isEqualTo(agent.clientId());
        assertThat(status.at("/items/0/summary").asText()).contains("RUNNING at generation 1");
        assertThat(viewer().get("/api/v1/audit-events?action=operation.step-event&targetId=" + operationId).json()
                .get("totalItems").asInt()).isEqualTo(1);
    }

    @Test
    void auditEventsArePagedNewestFirst() {
        for (int i = 0; i < 3; i++) {
            fixtures().environment(unique("paged"));
        }
        JsonNode page = viewer().get("/api/v1/audit-events?action=environment.create&size=2").json();
        assertThat(page.get("items")).hasSize(2);
        assertThat(page.get("size").asInt()).isEqualTo(2);
        assertThat(page.get("totalPages").asInt()).isGreaterThanOrEqualTo(2);
        String newest = page.get("items").get(0).get("time").asText();
        String older = page.get("items").get(1).get("time").asText();
        assertThat(java.time.Instant.parse(newest)).isAfterOrEqualTo(java.time.Instant.parse(older));
    }
}
