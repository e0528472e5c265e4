package dev.floe.controlplane.drpairing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.floe.controlplane.support.ControlPlaneIT;
import dev.floe.controlplane.support.Fixtures;
import dev.floe.controlplane.support.Http;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** DR pairings: the state machine's guards through the API, and its progress from agent task reports. */
class DrPairingIT extends ControlPlaneIT {

    @Test
    void aPairingGoesFromProvisioningToReplicatingToFailedOverAndBackAsTheAgentsReportTheirTasks() {
        Fixtures.CreatedEnvironment east = fixtures().environment(unique("east"));
        Fixtures.CreatedEnvironment west = fixtures().environment(unique("west"));
        Fixtures.RegisteredAgent eastAgent = fixtures().agent(east);
        Fixtures.RegisteredAgent westAgent = fixtures().agent(west);
        String primary = fixtures().cluster(east.id(), "p", "dev", Fixtures.spec(1, List.of("a")))
                .at("/cluster/id").asText();
        String standby = fixtures().cluster(west.id(), "s", "dev", Fixtures.spec(1, List.of("a")))
                .at("/cluster/id").asText();

        Http.Response created = operator().post("/api/v1/dr-pairings", Map.of("name", unique("pair"),
                "primaryClusterId", primary, "standbyClusterId", standby, "topicFilter", "orders.*"));
        assertThat(created.status()).isEqualTo(202);
        String id = created.json().at("/pairing/id").asText();
        assertThat(created.json().at("/pairing/state").asText()).isEqualTo("PROVISIONING");
        assertThat(created.json().at("/pairing/groupFilter").asText()).isEqualTo("*");

        Http.Response tooEarly = operator().post("/api/v1/dr-pairings/" + id + "/failover", Map.of("mode", "planned"));
        assertThat(tooEarly.status()).isEqualTo(409);
        assertThat(tooEarly.json().get("type").asText()).endsWith("/illegal-dr-transition");

        completeTask(westAgent, "establish-replication", created.json().at("/operation/id").asText());
        assertThat(state(id)).isEqualTo("REPLICATING");
        assertThat(eastAgent.http().get(eastAgent.base() + "/desired-state?revision=0").json()
                .at("/drPairings/0/state").asText()).isEqualTo("REPLICATING");

        Http.Response failover = operator().post("/api/v1/dr-pairings/" + id + "/failover", Map.of("mode", "planned"));
        assertThat(failover.status()).isEqualTo(202);
        assertThat(failover.json().at("/pairing/state").asText()).isEqualTo("FAILING_OVER");
        Http.Response twice = operator().post("/api/v1/dr-pairings/" + id + "/failover", Map.of("mode", "unplanned"));
        assertThat(twice.status()).as("nothing starts while a failover runs").isEqualTo(409);
        Http.Response deleteNow = operator().delete("/api/v1/dr-pairings/" + id);
        assertThat(deleteNow.status()).isEqualTo(409);

        JsonNode pending = westAgent.http().get(westAgent.base() + "/desired-state?revision=0").json()
                .get("pendingSteps").get(0);
        assertThat(pending.get("operationType").asText()).isEqualTo("FAILOVER");
        assertThat(pending.get("step").asText()).isEqualTo("promote-standby");
        assertThat(pending.get("targetId").asText()).isEqualTo(id);
        assertThat(pending.at("/input/mode").asText()).isEqualTo("planned");
        completeTask(westAgent, "promote-standby", failover.json().at("/operation/id").asText());
        JsonNode failedOver = admin().get("/api/v1/dr-pairings/" + id).json();
        assertThat(failedOver.get("state").asText()).isEqualTo("FAILED_OVER");
        assertThat(failedOver.get("activeClusterId").asText()).isEqualTo(standby);

        Http.Response failback = operator().post("/api/v1/dr-pairings/" + id + "/failback", null);
        assertThat(failback.status()).isEqualTo(202);
        completeTask(eastAgent, "failback", failback.json().at("/operation/id").asText());
        JsonNode back = admin().get("/api/v1/dr-pairings/" + id).json();
        assertThat(back.get("state").asText()).isEqualTo("REPLICATING");
        assertThat(back.get("activeClusterId").asText()).isEqualTo(primary);

        assertThat(operator().delete("/api/v1/dr-pairings/" + id).status()).isEqualTo(204);
    }

    @Test
    void illegalPairingsAndTransitionsAreRefusedAndChangeNothing() {
        Fixtures.CreatedEnvironment environment = fixtures().environment(unique("env"));
        String a = fixtures().cluster(environment.id(), "a", "dev", Fixtures.spec(1, List.of("z"))).at("/cluster/id")
                .asText();
        String b = fixtures().cluster(environment.id(), "b", "dev", Fixtures.spec(1, List.of("z"))).at("/cluster/id")
                .asText();
        String c = fixtures().cluster(environment.id(), "c", "dev", Fixtures.spec(1, List.of("z"))).at("/cluster/id")
                .asText();
        String pairing = operator().post("/api/v1/dr-pairings", Map.of("name", unique("pair"),
                "primaryClusterId", a, "standbyClusterId", b)).json().at("/pairing/id").asText();
        var before = snapshot();

        Http.Response self = operator().post("/api/v1/dr-pairings", Map.of("name", unique("x"),
                "primaryClusterId", c, "standbyClusterId", c));
        Http.Response unknown = operator().post("/api/v1/dr-pairings", Map.of("name", unique("x"),
                "primaryClusterId", c, "standbyClusterId", java.util.UUID.randomUUID().toString()));
        Http.Response paired = operator().post("/api/v1/dr-pairings", Map.of("name", unique("x"),
                "primaryClusterId", c, "standbyClusterId", b));
        Http.Response failback = operator().post("/api/v1/dr-pairings/" + pairing + "/failback", null);
        Http.Response badMode = operator().post("/api/v1/dr-pairings/" + pairing + "/failover",
                Map.of("mode", "sideways"));
        Http.Response deleteCluster = operator().delete("/api/v1/clusters/" + a);

        assertThat(self.status()).isEqualTo(400);
        assertThat(self.json().get("field").asText()).isEqualTo("standbyClusterId");
        assertThat(unknown.status()).isEqualTo(400);
        assertThat(unknown.json().get("field").asText()).isEqualTo("standbyClusterId");
        assertThat(paired.status()).isEqualTo(409);
        assertThat(failback.status()).isEqualTo(409);
        assertThat(failback.json().get("type").asText()).endsWith("/illegal-dr-transition");
        assertThat(badMode.status()).isEqualTo(400);
        assertThat(badMode.json().get("field").asText()).isEqualTo("mode");
        assertThat(deleteCluster.status()).isEqualTo(409);
        assertThat(snapshot()).isEqualTo(before);
    }

    private void completeTask(Fixtures.RegisteredAgent agent, String task, String operationId) {
        Http.Response event = agent.http().post(agent.base() + "/operations/" + operationId + "/events",
                Map.of("step", task, "state", "SUCCEEDED", "message", "done"));
        assertThat(event.status()).as(event.toString()).isEqualTo(204);
        fixtures().awaitOperationState(operationId, "SUCCEEDED");
    }

    private String state(String id) {
        return admin().get("/api/v1/dr-pairings/" + id).json().get("state").asText();
    }
}
