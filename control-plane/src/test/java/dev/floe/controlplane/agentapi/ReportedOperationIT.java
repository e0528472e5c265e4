package dev.floe.controlplane.agentapi;

import static org.assertj.core.api.Assertions.assertThat;

import dev.floe.controlplane.support.ControlPlaneIT;
import dev.floe.controlplane.support.Fixtures;
import dev.floe.controlplane.support.Http;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * Operations the data plane starts by itself (a broker replaced after a crash, partitions rebalanced), reported by the
 * agent.
 */
class ReportedOperationIT extends ControlPlaneIT {

    private record Setup(Fixtures.CreatedEnvironment environment, Fixtures.RegisteredAgent agent, String clusterId) {
        String operations() {
            return agent.base() + "/clusters/" + clusterId + "/operations";
        }
    }

    private Setup setup(String name) {
        Fixtures.CreatedEnvironment environment = fixtures().environment(unique("env"));
        Fixtures.RegisteredAgent agent = fixtures().agent(environment);
        String clusterId = fixtures().cluster(environment.id(), name, "dev", Fixtures.spec(1, List.of("zone-a")))
                .at("/cluster/id").asText();
        return new Setup(environment, agent, clusterId);
    }

    private static Map<String, Object> replaceBroker(String key) {
        return Map.of("type", "REPLACE_BROKER", "key", key, "summary", "node 2 lost its lease",
                "startedAt", "2026-11-21T12:00:00Z");
    }

    @Test
    void aReportedReplacementIsOneAuditedOperationThatAReplayFindsAgain() {
        Setup s = setup("healing");
        String key = s.clusterId() + "/2/7";

        Http.Response first = s.agent().http().post(s.operations(), replaceBroker(key));
        Http.Response replay = s.agent().http().post(s.operations(), replaceBroker(key));

        assertThat(first.status()).isEqualTo(201);
        String id = first.json().get("id").asText();
        assertThat(first.header("Location")).endsWith("/api/v1/operations/" + id);
        assertThat(first.json().get("type").asText()).isEqualTo("REPLACE_BROKER");
        assertThat(first.json().get("state").asText()).isEqualTo("RUNNING");
        assertThat(first.json().get("startedAt").asText()).isEqualTo("2026-11-21T12:00:00Z");
        assertThat(replay.status()).isEqualTo(200);
        assertThat(replay.json().get("id").asText()).isEqualTo(id);
        JsonNode listed = viewer().get("/api/v1/operations?type=REPLACE_BROKER&targetId=" + s.clusterId()).json();
        assertThat(listed.get("items")).hasSize(1);
        assertThat(listed.at("/items/0/id").asText()).isEqualTo(id);
        assertThat(jdbc.queryForObject("SELECT count(*) FROM audit_event WHERE action = 'operation.report' "
                + "AND target_id = ?", Integer.class, id)).isEqualTo(1);
    }

    @Test
    void theReplacementSucceedsWithItsFinalStepAndShowsEveryStepWithItsTimes() {
        Setup s = setup("stepped");
        String id = s.agent().http().post(s.operations(), replaceBroker(s.clusterId() + "/2/9")).json()
                .get("id").asText();
        String events = s.agent().base() + "/operations/" + id + "/events";
        List<String> steps = List.of("detect", "attachVolume", "recoverWal", "reassignPartitions", "replaceBroker");
        for (int i = 0; i < steps.size(); i++) {
            assertThat(s.agent().http().post(events, Map.of("step", steps.get(i), "state", "RUNNING",
                    "time", "2026-11-21T12:00:0" + i + "Z")).status()).isEqualTo(204);
            assertThat(admin().get("/api/v1/operations/" + id).json().get("state").asText()).isEqualTo("RUNNING");
            assertThat(s.agent().http().post(events, Map.of("step", steps.get(i), "state", "SUCCEEDED",
                    "message", "took 500 ms", "time", "2026-11-21T12:00:0" + i + ".500Z")).status())
                    .isEqualTo(204);
        }

        JsonNode operation = admin().get("/api/v1/operations/" + id).json();
        assertThat(operation.get("state").asText()).isEqualTo("SUCCEEDED");
        assertThat(operation.get("finishedAt").asText()).isEqualTo("2026-11-21T12:00:04.500Z");
        List<String> names = new ArrayList<>();
        operation.get("steps").forEach(step -> {
            names.add(step.get("name").asText());
            assertThat(step.get("state").asText()).isEqualTo("SUCCEEDED");
            assertThat(step.get("finishedAt").asText()).endsWith(".500Z");
        });
        assertThat(names).containsExactlyElementsOf(steps);
        assertThat(operation.at("/steps/1/startedAt").asText()).isEqualTo("2026-11-21T12:00:01Z");
    }

    @Test
    void aReportedRebalanceShowsItsProgressAndSucceedsWithItsMovePartitionsStep() {
        Setup s = setup("balanced");
        Http.Response reported = s.agent().http().post(s.operations(), Map.of("type", "REBALANCE",
                "key", s.clusterId() + "/rebalance/42", "summary", "BYTES rebalance planned by node 1: node 2 takes "
                        + "71% of bytes in (3 partition moves)", "startedAt", "2026-11-21T12:00:00Z"));
        assertThat(reported.status()).isEqualTo(201);
        String id = reported.json().get("id").asText();
        String events = s.agent().base() + "/operations/" + id + "/events";

        post(s, events, "plan", "RUNNING", "node 1 plans a BYTES rebalance", "2026-11-21T12:00:00Z");
        post(s, events, "plan", "SUCCEEDED", "node 2 takes 71% of bytes in; 3 partition moves",
                "2026-11-21T12:00:00Z");
        post(s, events, "movePartitions", "RUNNING", "0 of 3 moved", "2026-11-21T12:00:00Z");
        post(s, events, "movePartitions", "RUNNING", "2 of 3 moved", "2026-11-21T12:00:00.800Z");

        JsonNode moving = admin().get("/api/v1/operations/" + id).json();
        assertThat(moving.get("state").asText()).isEqualTo("RUNNING");
        assertThat(moving.at("/steps/1/name").asText()).isEqualTo("movePartitions");
        assertThat(moving.at("/steps/1/state").asText()).isEqualTo("RUNNING");
        assertThat(moving.at("/steps/1/message").asText()).isEqualTo("2 of 3 moved");
        assertThat(moving.at("/steps/1/startedAt").asText()).isEqualTo("2026-11-21T12:00:00Z");
        assertThat(jdbc.queryForObject("SELECT count(*) FROM audit_event WHERE action = 'operation.step-event' "
                + "AND target_id = ? AND summary LIKE '%movePartitions RUNNING%'", Integer.class, id))
                .as("progress is not a change of state worth an audit event").isEqualTo(1);

        post(s, events, "movePartitions", "SUCCEEDED", "3 of 3 moved in 1250 ms: orders-3 1→4 (180 ms), …",
                "2026-11-21T12:00:01.250Z");

        JsonNode done = admin().get("/api/v1/operations/" + id).json();
        assertThat(done.get("type").asText()).isEqualTo("REBALANCE");
        assertThat(done.get("state").asText()).isEqualTo("SUCCEEDED");
        assertThat(done.get("finishedAt").asText()).isEqualTo("2026-11-21T12:00:01.250Z");
        assertThat(done.at("/steps/1/message").asText()).startsWith("3 of 3 moved in 1250 ms: orders-3 1→4");
        assertThat(viewer().get("/api/v1/operations?type=REBALANCE&targetId=" + s.clusterId()).json().get("items"))
                .hasSize(1);
    }

    private static void post(Setup s, String events, String step, String state, String message, String time) {
        assertThat(s.agent().http().post(events, Map.of("step", step, "state", state, "message", message,
                "time", time)).status()).isEqualTo(204);
    }

    @Test
    void aFailedStepFailsTheReplacementWithTheReason() {
        Setup s = setup("stuck");
        String id = s.agent().http().post(s.operations(), replaceBroker(s.clusterId() + "/3/4")).json()
                .get("id").asText();

        s.agent().http().post(s.agent().base() + "/operations/" + id + "/events",
                Map.of("step", "attachVolume", "state", "FAILED", "message", "volume vol-3 is gone"));

        JsonNode operation = admin().get("/api/v1/operations/" + id).json();
        assertThat(operation.get("state").asText()).isEqualTo("FAILED");
        assertThat(operation.get("error").asText()).contains("attachVolume").contains("volume vol-3 is gone");
    }

    @Test
    void onlyThatEnvironmentsAgentMayReportAndOnlyForItsOwnClusters() {
        Setup mine = setup("mine");
        Setup theirs = setup("theirs");
        Http operator = operator(); // creates the operator's client before the snapshot
        var before = snapshot();

        Http.Response otherAgent = mine.agent().http().post(theirs.operations(), replaceBroker("k/1/1"));
        Http.Response otherCluster = mine.agent().http().post(mine.agent().base() + "/clusters/"
                + theirs.clusterId() + "/operations", replaceBroker("k/1/2"));
        Http.Response operatorCall = operator.post(mine.operations(), replaceBroker("k/1/3"));
        Http.Response anonymousCall = anonymous().post(mine.operations(), replaceBroker("k/1/4"));

        assertThat(otherAgent.status()).isEqualTo(403);
        assertThat(otherCluster.status()).isEqualTo(404);
        assertThat(operatorCall.status()).isEqualTo(403);
        assertThat(anonymousCall.status()).isEqualTo(401);
        assertThat(snapshot()).isEqualTo(before);
    }

    @Test
    void badReportsAreRefusedWithTheFieldNamedAndChangeNothing() {
        Setup s = setup("strict");
        var before = snapshot();

        Http.Response engineType = s.agent().http().post(s.operations(),
                Map.of("type", "CREATE_CLUSTER", "key", "k/1/1"));
        Http.Response unknownType = s.agent().http().post(s.operations(), Map.of("type", "REBOOT", "key", "k/1/1"));
        Http.Response noKey = s.agent().http().post(s.operations(), Map.of("type", "REPLACE_BROKER"));
        Http.Response badKey = s.agent().http().post(s.operations(),
                Map.of("type", "REPLACE_BROKER", "key", "two words"));
        Http.Response unknownCluster = s.agent().http().post(s.agent().base() + "/clusters/" + UUID.randomUUID()
                + "/operations", replaceBroker("k/1/1"));

        assertThat(engineType.status()).isEqualTo(400);
        assertThat(engineType.json().get("field").asText()).isEqualTo("type");
        assertThat(unknownType.status()).isEqualTo(400);
        assertThat(noKey.status()).isEqualTo(400);
        assertThat(noKey.json().get("field").asText()).isEqualTo("key");
        assertThat(badKey.status()).isEqualTo(400);
        assertThat(badKey.json().get("field").asText()).isEqualTo("key");
        assertThat(unknownCluster.status()).isEqualTo(404);
        assertThat(snapshot()).isEqualTo(before);
    }

    @Test
    void aKeyNamesOneOperationOnlyForTheClusterThatReportedIt() {
        Setup s = setup("keyed");
        String other = fixtures().cluster(s.environment().id(), "sibling", "dev", Fixtures.spec(1,
                List.of("zone-a"))).at("/cluster/id").asText();
        s.agent().http().post(s.operations(), replaceBroker("shared/1/1"));
        var before = snapshot();

        Http.Response reused = s.agent().http().post(s.agent().base() + "/clusters/" + other + "/operations",
                replaceBroker("shared/1/1"));

        assertThat(reused.status()).isEqualTo(409);
        assertThat(snapshot()).isEqualTo(before);
    }
}
