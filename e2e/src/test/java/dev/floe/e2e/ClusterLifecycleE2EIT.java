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
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/**
 * The whole product as a user meets it: control plane, agent and brokers are separate processes; a cluster is created
 * through the API, used with the Java client, scaled 3 → 5 → 3, and deleted, while the control plane and the agent are
 * killed at the worst moments.
 */
class ClusterLifecycleE2EIT {

    private static final Duration OPERATION_LIMIT = Duration.ofMinutes(4);

    @TempDir
    Path dir;

    @Test
    void clusterSurvivesCrashesOfItsManagersThroughCreateScaleAndDeleteAndLeavesNothingBehind() throws Exception {
        try (ControlPlane controlPlane = new ControlPlane(dir.resolve("control-plane"), Ports.free()).start()) {
            Api api = controlPlane.adminApi();
            JsonNode environment = api.post("/api/v1/environments", Map.of(
                    "name", "e2e", "provider", "local", "settings", Map.of("region", "local")));
            String bootstrapToken = environment.get("bootstrapToken").asText();

            try (Agent agent = new Agent(dir.resolve("agent"), controlPlane.url(), bootstrapToken).start()) {
                LocalDataPlane dataPlane = new LocalDataPlane(agent.stateDir());
                JsonNode created = api.post("/api/v1/clusters", Map.of(
                        "environmentId", environment.at("/environment/id").asText(),
                        "name", "orders",
                        "tier", "dev",
                        "spec", Map.of("brokerCount", 3, "instanceType", "local", "zones", List.of("zone-a"),
                                "walVolumeSizeGiB", 1, "listener", Map.of("port", 9092, "autoCreateTopics", true))));
                String clusterId = created.at("/cluster/id").asText();

                // the control plane dies while the agent provisions; the operation still completes after its restart
                controlPlane.kill();
                controlPlane.start();
                JsonNode createOperation = awaitSucceeded(api, created.at("/operation/id").asText(), agent);
                assertThat(stepNames(createOperation)).contains("ensureCatalog", "ensureBucket", "ensureBrokers");
                String bootstrap = awaitRunningWith(api, clusterId, 3);

                Set<String> acknowledged = Kafka.produce(bootstrap, "payments", "before-scale", 600);
                assertThat(Kafka.consumeAll(bootstrap, "payments", "reader-1", acknowledged.size(),
                        Duration.ofMinutes(1))).containsExactlyInAnyOrderElementsOf(acknowledged);

                // the agent dies right after the scale-out starts; its successor finishes without duplicating brokers
                JsonNode scaleOut = api.post("/api/v1/clusters/" + clusterId + "/scale", Map.of("brokerCount", 5));
                agent.kill();
                agent.start();
                awaitSucceeded(api, scaleOut.at("/operation/id").asText(), agent);
                bootstrap = awaitRunningWith(api, clusterId, 5);
                assertThat(dataPlane.liveBrokerProcesses(clusterId)).isEqualTo(5);

                acknowledged.addAll(Kafka.produce(bootstrap, "payments", "after-scale-out", 300));
                JsonNode scaleIn = api.post("/api/v1/clusters/" + clusterId + "/scale", Map.of("brokerCount", 3));
                awaitSucceeded(api, scaleIn.at("/operation/id").asText(), agent);
                bootstrap = awaitRunningWith(api, clusterId, 3);
                assertThat(dataPlane.liveBrokerProcesses(clusterId)).isEqualTo(3);
                List<String> consumed = Kafka.consumeAll(bootstrap, "payments", "reader-2", acknowledged.size(),
                        Duration.ofMinutes(1));
                assertThat(consumed).as("every acknowledged record, once, after 3 → 5 → 3")
                        .containsExactlyInAnyOrderElementsOf(acknowledged);

                List<Long> brokerPids = dataPlane.brokerPids(clusterId);
                assertThat(dataPlane.buckets()).hasSize(1);
                assertThat(dataPlane.catalogDatabases()).hasSize(1);
                JsonNode deletion = api.delete("/api/v1/clusters/" + clusterId);
                awaitSucceeded(api, deletion.at("/operation/id").asText(), agent);

                assertThat(api.send("GET", "/api/v1/clusters/" + clusterId, null).status()).isEqualTo(404);
                assertThat(brokerPids).noneMatch(LocalDataPlane::alive);
                assertThat(dataPlane.clusterPaths(clusterId)).isEmpty();
                assertThat(dataPlane.buckets()).isEmpty();
                assertThat(dataPlane.catalogDatabases()).isEmpty();
            }
        }
    }

    /** Follows an operation until it ends, printing its steps as they appear (long work shows progress). */
    private static JsonNode awaitSucceeded(Api api, String operationId, Agent agent) {
        Instant deadline = Instant.now().plus(OPERATION_LIMIT);
        Set<String> printed = new HashSet<>();
        while (Instant.now().isBefore(deadline)) {
            JsonNode operation = api.get("/api/v1/operations/" + operationId);
            for (JsonNode step : operation.path("steps")) {
                String line = operation.get("type").asText() + " " + step.path("name").asText() + " "
                        + step.path("state").asText();
                if (printed.add(line)) {
                    System.out.println(line);
                }
            }
            String state = operation.get("state").asText();
            if (state.equals("SUCCEEDED")) {
                return operation;
            }
            assertThat(state).as("operation %s: %s\n%s", operationId, operation, agent.logTail())
                    .isIn("PENDING", "RUNNING");
            sleep(500);
        }
        throw new AssertionError("operation " + operationId + " did not finish within " + OPERATION_LIMIT + "\n"
                + api.get("/api/v1/operations/" + operationId) + "\n" + agent.logTail());
    }

    /** Waits for phase RUNNING with exactly {@code brokers} brokers up; returns the bootstrap servers. */
    private static String awaitRunningWith(Api api, String clusterId, int brokers) {
        Instant deadline = Instant.now().plus(OPERATION_LIMIT);
        JsonNode cluster = null;
        while (Instant.now().isBefore(deadline)) {
            cluster = api.get("/api/v1/clusters/" + clusterId);
            JsonNode status = cluster.path("status");
            long up = 0;
            for (JsonNode broker : status.path("brokers")) {
                up += "UP".equals(broker.path("state").asText()) ? 1 : 0;
            }
            if ("RUNNING".equals(status.path("phase").asText()) && up == brokers
                    && status.path("brokers").size() == brokers) {
                return status.get("bootstrapServers").asText();
            }
            sleep(500);
        }
        throw new AssertionError("cluster not RUNNING with " + brokers + " brokers: " + cluster);
    }

    private static List<String> stepNames(JsonNode operation) {
        List<String> names = new ArrayList<>();
        operation.path("steps").forEach(step -> names.add(step.path("name").asText()));
        return names;
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
