package dev.floe.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.floe.e2e.support.Agent;
import dev.floe.e2e.support.Api;
import dev.floe.e2e.support.ControlPlane;
import dev.floe.e2e.support.Kafka;
import dev.floe.e2e.support.LocalDataPlane;
import dev.floe.e2e.support.Ports;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/**
 * A broker of a RUNNING cluster is SIGKILLed: the data plane replaces it by itself (docs/failover.md), and the user
 * sees that on the control plane as one REPLACE_BROKER operation with its steps, the cluster reported DEGRADED
 * meanwhile and RUNNING again afterwards, with every acknowledged record still there.
 */
class BrokerReplacementE2EIT {

    private static final Duration LIMIT = Duration.ofMinutes(4);

    @TempDir
    Path dir;

    @Test
    void aKilledBrokerIsReplacedAndShowsAsOneSucceededReplaceBrokerOperation() throws Exception {
        try (ControlPlane controlPlane = new ControlPlane(dir.resolve("control-plane"), Ports.free()).start()) {
            Api api = controlPlane.adminApi();
            JsonNode environment = api.post("/api/v1/environments", Map.of(
                    "name", "e2e", "provider", "local", "settings", Map.of("region", "local")));
            try (Agent agent = new Agent(dir.resolve("agent"), controlPlane.url(),
                    environment.get("bootstrapToken").asText()).start()) {
                LocalDataPlane dataPlane = new LocalDataPlane(agent.stateDir());
                String clusterId = api.post("/api/v1/clusters", Map.of(
                        "environmentId", environment.at("/environment/id").asText(),
                        "name", "orders", "tier", "dev",
                        "spec", Map.of("brokerCount", 3, "instanceType", "local", "zones", List.of("zone-a"),
                                "walVolumeSizeGiB", 1, "listener", Map.of("port", 9092, "autoCreateTopics", true))))
                        .at("/cluster/id").asText();
                String bootstrap = awaitRunning(api, clusterId, agent);
                Set<String> acknowledged = Kafka.produce(bootstrap, "payments", "before-crash", 300);

                long victim = dataPlane.brokerPids(clusterId).get(0);
                Instant killed = Instant.now();
                ProcessHandle.of(victim).ifPresent(ProcessHandle::destroyForcibly); // SIGKILL

                String operations = "/api/v1/operations?type=REPLACE_BROKER&targetId=" + clusterId;
                JsonNode operation = awaitReplacement(api, operations, agent);
                List<String> steps = new ArrayList<>();
                for (JsonNode step : operation.get("steps")) {
                    steps.add(step.get("name").asText());
                    assertThat(step.get("state").asText()).as(step.toString()).isEqualTo("SUCCEEDED");
                    System.out.printf("REPLACE_BROKER %-19s %s → %s  %s%n", step.get("name").asText(),
                            step.get("startedAt").asText(), step.get("finishedAt").asText(),
                            step.get("message").asText());
                }
                System.out.printf("REPLACE_BROKER %s → %s%n", operation.get("startedAt").asText(),
                        operation.get("finishedAt").asText());
                assertThat(steps).containsExactlyInAnyOrder("detect", "attachVolume", "recoverWal",
                        "reassignPartitions", "replaceBroker");
                assertThat(steps.get(0)).isEqualTo("detect");

                bootstrap = awaitRunning(api, clusterId, agent);
                assertThat(phasesReportedSince(api, clusterId, killed)).as("the cluster's phases after the kill")
                        .containsSubsequence("DEGRADED", "RUNNING");
                assertThat(dataPlane.liveBrokerProcesses(clusterId)).isEqualTo(3);
                assertThat(api.get(operations).get("items")).as("one operation per crash").hasSize(1);
                assertThat(Kafka.consumeAll(bootstrap, "payments", "reader", acknowledged.size(),
                        Duration.ofMinutes(1))).containsExactlyInAnyOrderElementsOf(acknowledged);
            }
        }
    }

    /** Waits for the cluster's REPLACE_BROKER operation to succeed (it must not fail) and returns it with steps. */
    private static JsonNode awaitReplacement(Api api, String operations, Agent agent) {
        Instant deadline = Instant.now().plus(LIMIT);
        JsonNode listed = null;
        while (Instant.now().isBefore(deadline)) {
            listed = api.get(operations).get("items");
            if (!listed.isEmpty()) {
                JsonNode operation = api.get("/api/v1/operations/" + listed.get(0).get("id").asText());
                String state = operation.get("state").asText();
                if (state.equals("SUCCEEDED")) {
                    return operation;
                }
                assertThat(state).as("%s\n%s", operation, agent.logTail()).isEqualTo("RUNNING");
            }
            sleep(500);
        }
        throw new AssertionError("no REPLACE_BROKER operation succeeded within " + LIMIT + ": " + listed + "\n"
                + agent.logTail());
    }

    /**
     * Every phase the agent reported for the cluster since {@code since}, in order, from the audit log: the control
     * plane audits each change of phase, so a DEGRADED that lasted a second is not missed by polling.
     */
    private static List<String> phasesReportedSince(Api api, String clusterId, Instant since) {
        JsonNode events = api.get("/api/v1/audit-events?action=cluster.status&targetId=" + clusterId + "&from="
                + since + "&size=200").get("items");
        List<JsonNode> sorted = new ArrayList<>();
        events.forEach(sorted::add);
        sorted.sort(java.util.Comparator.comparing(e -> Instant.parse(e.get("time").asText())));
        List<String> phases = new ArrayList<>();
        for (JsonNode event : sorted) {
            // "agent reports DEGRADED at generation 1 (was RUNNING at 1)"
            phases.add(event.get("summary").asText().replaceFirst("^agent reports (\\w+) .*$", "$1"));
        }
        return phases;
    }

    /** Waits for phase RUNNING with three brokers UP; returns the bootstrap servers. */
    private static String awaitRunning(Api api, String clusterId, Agent agent) {
        Instant deadline = Instant.now().plus(LIMIT);
        JsonNode status = null;
        while (Instant.now().isBefore(deadline)) {
            status = api.get("/api/v1/clusters/" + clusterId).path("status");
            long up = 0;
            for (JsonNode broker : status.path("brokers")) {
                up += "UP".equals(broker.path("state").asText()) ? 1 : 0;
            }
            if ("RUNNING".equals(status.path("phase").asText()) && up == 3 && status.path("brokers").size() == 3) {
                return status.get("bootstrapServers").asText();
            }
            sleep(500);
        }
        throw new AssertionError("cluster not RUNNING with 3 brokers: " + status + "\n" + agent.logTail());
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
