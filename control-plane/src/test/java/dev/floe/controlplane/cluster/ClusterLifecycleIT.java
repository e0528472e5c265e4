package dev.floe.controlplane.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import dev.floe.controlplane.support.ControlPlaneIT;
import dev.floe.controlplane.support.Fixtures;
import dev.floe.controlplane.support.Http;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** A cluster's life as a user and an agent see it: create, converge, scale, update, delete. */
class ClusterLifecycleIT extends ControlPlaneIT {

    @Test
    void createAnswers202WithTheOperationThatSucceedsWhenTheAgentReportsTheGenerationRunning() {
        Fixtures.CreatedEnvironment environment = fixtures().environment(unique("env"));
        Fixtures.RegisteredAgent agent = fixtures().agent(environment);

        Http.Response created = admin().post("/api/v1/clusters", Map.of("environmentId", environment.id(),
                "name", "orders", "tier", "standard", "spec", Fixtures.spec(3, List.of("zone-a"))));
        assertThat(created.status()).isEqualTo(202);
        String operationId = created.json().at("/operation/id").asText();
        String clusterId = created.json().at("/cluster/id").asText();
        assertThat(created.header("Location")).isEqualTo("/api/v1/operations/" + operationId);
        assertThat(created.json().at("/operation/type").asText()).isEqualTo("CREATE_CLUSTER");
        assertThat(created.json().at("/cluster/generation").asLong()).isEqualTo(1);
        assertThat(created.json().at("/cluster/status/phase").asText()).isEqualTo("PROVISIONING");
        assertThat(created.json().at("/cluster/spec/walType").asText()).as("tier default").isEqualTo("gp3");

        JsonNode desired = agent.http().get(agent.base() + "/desired-state?revision=0").json();
        JsonNode cluster = desired.get("clusters").get(0);
        assertThat(cluster.get("id").asText()).isEqualTo(clusterId);
        assertThat(cluster.get("operationId").asText()).isEqualTo(operationId);
        assertThat(cluster.at("/tier/minBrokers").asInt()).isEqualTo(3);
        assertThat(cluster.at("/spec/listener/port").asInt()).isEqualTo(9092);

        event(agent, operationId, "ensureBucket", "SUCCEEDED");
        report(agent, clusterId, 1, "RUNNING", false);

        JsonNode done = fixtures().awaitOperationState(operationId, "SUCCEEDED");
        assertThat(done.get("steps")).extracting(step -> step.get("name").asText())
                .contains("await-agent-convergence", "ensureBucket");
        JsonNode status = admin().get("/api/v1/clusters/" + clusterId).json().get("status");
        assertThat(status.get("phase").asText()).isEqualTo("RUNNING");
        assertThat(status.get("bootstrapServers").asText()).isEqualTo("127.0.0.1:19092");
        assertThat(status.get("brokers").get(0).get("nodeId").asInt()).isEqualTo(1);
        assertThat(status.get("conditions").get(0).get("reason").asText()).isEqualTo("AllBrokersUp");
    }

    @Test
    void scaleUpdateAndDeleteEachRaiseTheGenerationAndDeleteRemovesTheClusterOnceTheAgentReportsItGone() {
        Fixtures.CreatedEnvironment environment = fixtures().environment(unique("env"));
        Fixtures.RegisteredAgent agent = fixtures().agent(environment);
        JsonNode created = fixtures().cluster(environment.id(), "c1", "dev", Fixtures.spec(1, List.of("zone-a")));
        String clusterId = created.at("/cluster/id").asText();
        report(agent, clusterId, 1, "RUNNING", false);
        fixtures().awaitOperationState(created.at("/operation/id").asText(), "SUCCEEDED");

        Http.Response scaled = admin().post("/api/v1/clusters/" + clusterId + "/scale", Map.of("brokerCount", 2));
        assertThat(scaled.status()).isEqualTo(202);
        assertThat(scaled.json().at("/operation/type").asText()).isEqualTo("SCALE_CLUSTER");
        assertThat(scaled.json().at("/cluster/generation").asLong()).isEqualTo(2);
        assertThat(scaled.json().at("/cluster/status/phase").asText()).isEqualTo("UPDATING");
        report(agent, clusterId, 2, "RUNNING", false);
        fixtures().awaitOperationState(scaled.json().at("/operation/id").asText(), "SUCCEEDED");

        String etag = admin().get("/api/v1/clusters/" + clusterId).header("ETag");
        Http.Response updated = admin().withHeader("If-Match", etag).put("/api/v1/clusters/" + clusterId,
                Map.of("spec", Map.of("brokerCount", 2, "instanceType", "m7g.xlarge", "zones", List.of("zone-a"),
                        "walVolumeSizeGiB", 20, "retentionMs", 3_600_000)));
        assertThat(updated.status()).as(updated.toString()).isEqualTo(202);
        assertThat(updated.json().at("/cluster/spec/instanceType").asText()).isEqualTo("m7g.xlarge");
        assertThat(updated.json().at("/cluster/tier").asText()).as("tier kept").isEqualTo("dev");
        report(agent, clusterId, 3, "RUNNING", false);
        fixtures().awaitOperationState(updated.json().at("/operation/id").asText(), "SUCCEEDED");

        Http.Response deleted = admin().delete("/api/v1/clusters/" + clusterId);
        assertThat(deleted.status()).isEqualTo(202);
        assertThat(deleted.json().at("/cluster/deleting").asBoolean()).isTrue();
        JsonNode desired = agent.http().get(agent.base() + "/desired-state?revision=0").json();
        assertThat(desired.get("clusters").get(0).get("deleting").asBoolean()).isTrue();
        report(agent, clusterId, 4, "DELETING", true);
        fixtures().awaitOperationState(deleted.json().at("/operation/id").asText(), "SUCCEEDED");

        assertThat(admin().get("/api/v1/clusters/" + clusterId).status()).isEqualTo(404);
        assertThat(agent.http().get(agent.base() + "/desired-state?revision=0").json().get("clusters")).isEmpty();
    }

    @Test
    void aChangeWhileAnOperationRunsIsRefusedButDeletingSupersedesIt() {
        Fixtures.CreatedEnvironment environment = fixtures().environment(unique("env"));
        JsonNode created = fixtures().cluster(environment.id(), "busy", "dev", Fixtures.spec(1, List.of("zone-a")));
        String clusterId = created.at("/cluster/id").asText();

        Http.Response scale = admin().post("/api/v1/clusters/" + clusterId + "/scale", Map.of("brokerCount", 2));
        assertThat(scale.status()).isEqualTo(409);
        assertThat(scale.json().get("type").asText()).endsWith("/operation-in-progress");

        Http.Response deleted = admin().delete("/api/v1/clusters/" + clusterId);
        assertThat(deleted.status()).isEqualTo(202);
        JsonNode superseded = admin().get("/api/v1/operations/" + created.at("/operation/id").asText()).json();
        assertThat(superseded.get("state").asText()).isEqualTo("CANCELLED");
        assertThat(superseded.get("error").asText()).contains("superseded");
    }

    @Test
    void anOperationFailsWithTheReasonWhenTheAgentKeepsReportingAFailedStep() {
        Fixtures.CreatedEnvironment environment = fixtures().environment(unique("env"));
        Fixtures.RegisteredAgent agent = fixtures().agent(environment);
        JsonNode created = fixtures().cluster(environment.id(), "doomed", "dev", Fixtures.spec(1, List.of("zone-a")));
        String operationId = created.at("/operation/id").asText();

        event(agent, operationId, "ensureBucket", "FAILED");

        JsonNode failed = fixtures().awaitOperationState(operationId, "FAILED");
        assertThat(failed.get("error").asText()).contains("await-agent-convergence")
                .contains("agent step ensureBucket failed: ensureBucket FAILED").contains("gave up after 3 attempts");
    }

    @Test
    void operationsCanBeListedByTargetAndStateAndCancelledOnce() {
        Fixtures.CreatedEnvironment environment = fixtures().environment(unique("env"));
        JsonNode created = fixtures().cluster(environment.id(), "listed", "dev", Fixtures.spec(1, List.of("zone-a")));
        String clusterId = created.at("/cluster/id").asText();
        String operationId = created.at("/operation/id").asText();

        JsonNode page = admin().get("/api/v1/operations?targetId=" + clusterId + "&type=CREATE_CLUSTER").json();
        assertThat(page.get("totalItems").asInt()).isEqualTo(1);
        assertThat(page.get("items").get(0).get("id").asText()).isEqualTo(operationId);

        Http.Response cancelled = operator().post("/api/v1/operations/" + operationId + "/cancel", null);
        assertThat(cancelled.status()).isEqualTo(200);
        assertThat(cancelled.json().get("state").asText()).isEqualTo("CANCELLED");
        assertThat(operator().post("/api/v1/operations/" + operationId + "/cancel", null).status()).isEqualTo(409);
        assertThat(admin().get("/api/v1/operations?targetId=" + clusterId + "&state=CANCELLED").json()
                .get("totalItems").asInt()).isEqualTo(1);
    }

    private static void event(Fixtures.RegisteredAgent agent, String operationId, String step, String state) {
        Http.Response response = agent.http().post(agent.base() + "/operations/" + operationId + "/events",
                Map.of("step", step, "state", state, "message", step + " " + state));
        assertThat(response.status()).as(response.toString()).isEqualTo(204);
    }

    static void report(Fixtures.RegisteredAgent agent, String clusterId, long generation, String phase,
            boolean deleted) {
        Http.Response response = agent.http().put(agent.base() + "/clusters/" + clusterId + "/status", Map.of(
                "observedGeneration", generation, "phase", phase, "bootstrapServers", "127.0.0.1:19092",
                "brokers", List.of(Map.of("nodeId", 1, "host", "127.0.0.1", "port", 19092, "zone", "zone-a",
                        "state", "UP", "partitions", 0, "bytesInPerSec", 0.0, "bytesOutPerSec", 0.0)),
                "conditions", List.of(Map.of("type", "Ready", "status", "True", "reason", "AllBrokersUp",
                        "message", "brokers up", "lastTransitionTime", "2026-11-21T12:00:00Z")),
                "deleted", deleted));
        assertThat(response.status()).as(response.toString()).isEqualTo(204);
    }
}
