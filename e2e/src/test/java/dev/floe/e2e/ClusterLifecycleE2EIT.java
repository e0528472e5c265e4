package dev.floe.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.floe.e2e.support.Agent;
import dev.floe.e2e.support.Api;
import dev.floe.e2e.support.ControlPlane;
import dev.floe.e2e.support.Kafka;
import dev.floe.e2e.support.LocalDataPlane;
import dev.floe.e2e.support.Operations;
import dev.floe.e2e.support.Ports;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
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
                Operations operations = new Operations(api, agent);
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
                JsonNode createOperation = operations.awaitSucceeded(created.at("/operation/id").asText());
                assertThat(stepNames(createOperation)).contains("ensureCatalog", "ensureBucket", "ensureBrokers");
                String bootstrap = operations.awaitRunningWith(clusterId, 3);

                Set<String> acknowledged = Kafka.produce(bootstrap, "payments", "before-scale", 600);
                assertThat(Kafka.consumeAll(bootstrap, "payments", "reader-1", acknowledged.size(),
                        Duration.ofMinutes(1))).containsExactlyInAnyOrderElementsOf(acknowledged);

                // the agent dies right after the scale-out starts; its successor finishes without duplicating brokers
                JsonNode scaleOut = api.post("/api/v1/clusters/" + clusterId + "/scale", Map.of("brokerCount", 5));
                agent.kill();
                agent.start();
                operations.awaitSucceeded(scaleOut.at("/operation/id").asText());
                bootstrap = operations.awaitRunningWith(clusterId, 5);
                assertThat(dataPlane.liveBrokerProcesses(clusterId)).isEqualTo(5);

                acknowledged.addAll(Kafka.produce(bootstrap, "payments", "after-scale-out", 300));
                JsonNode scaleIn = api.post("/api/v1/clusters/" + clusterId + "/scale", Map.of("brokerCount", 3));
                operations.awaitSucceeded(scaleIn.at("/operation/id").asText());
                bootstrap = operations.awaitRunningWith(clusterId, 3);
                assertThat(dataPlane.liveBrokerProcesses(clusterId)).isEqualTo(3);
                List<String> consumed = Kafka.consumeAll(bootstrap, "payments", "reader-2", acknowledged.size(),
                        Duration.ofMinutes(1));
                assertThat(consumed).as("every acknowledged record, once, after 3 → 5 → 3")
                        .containsExactlyInAnyOrderElementsOf(acknowledged);

                List<Long> brokerPids = dataPlane.brokerPids(clusterId);
                assertThat(dataPlane.buckets()).hasSize(1);
                assertThat(dataPlane.catalogDatabases()).hasSize(1);
                JsonNode deletion = api.delete("/api/v1/clusters/" + clusterId);
                operations.awaitSucceeded(deletion.at("/operation/id").asText());

                assertThat(api.send("GET", "/api/v1/clusters/" + clusterId, null).status()).isEqualTo(404);
                assertThat(brokerPids).noneMatch(LocalDataPlane::alive);
                assertThat(dataPlane.clusterPaths(clusterId)).isEmpty();
                assertThat(dataPlane.buckets()).isEmpty();
                assertThat(dataPlane.catalogDatabases()).isEmpty();
            }
        }
    }

    private static List<String> stepNames(JsonNode operation) {
        List<String> names = new ArrayList<>();
        operation.path("steps").forEach(step -> names.add(step.path("name").asText()));
        return names;
    }
}
