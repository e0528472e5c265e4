package dev.floe.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.floe.e2e.support.Agent;
import dev.floe.e2e.support.Api;
import dev.floe.e2e.support.ControlPlane;
import dev.floe.e2e.support.LoadUnderTest;
import dev.floe.e2e.support.LocalDataPlane;
import dev.floe.e2e.support.Operations;
import dev.floe.e2e.support.Ports;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.TopicPartitionInfo;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.CleanupMode;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/**
 * A cluster spread over two zones keeps each topic spread over them, and losing every broker of one zone at once is
 * survived like losing one broker: the survivors replay both dead brokers' WALs, take their partitions, the agent
 * replaces the brokers, and the applications running meanwhile lose nothing and see no error.
 */
class ZoneLossE2EIT {

    private static final String TOPIC = "telemetry";

    /** Kept when the test fails: the brokers' and the agent's logs tell what happened. */
    @TempDir(cleanup = CleanupMode.ON_SUCCESS)
    Path dir;

    @Test
    void losingEveryBrokerOfAZoneAtOnceLosesNoAcknowledgedRecordAndTheClusterHeals() throws Exception {
        try (ControlPlane controlPlane = new ControlPlane(dir.resolve("control-plane"), Ports.free()).start()) {
            Api api = controlPlane.adminApi();
            JsonNode environment = api.post("/api/v1/environments", Map.of(
                    "name", "e2e", "provider", "local", "settings", Map.of("region", "local")));
            try (Agent agent = new Agent(dir.resolve("agent"), controlPlane.url(),
                    environment.get("bootstrapToken").asText()).start()) {
                Operations operations = new Operations(api, agent);
                LocalDataPlane dataPlane = new LocalDataPlane(agent.stateDir());
                JsonNode created = api.post("/api/v1/clusters", Map.of(
                        "environmentId", environment.at("/environment/id").asText(),
                        "name", "zones", "tier", "dev",
                        "spec", Map.of("brokerCount", 4, "instanceType", "local", "zones", List.of("zone-a", "zone-b"),
                                "walVolumeSizeGiB", 1, "listener", Map.of("port", 9092, "autoCreateTopics", false))));
                String clusterId = created.at("/cluster/id").asText();
                operations.awaitSucceeded(created.at("/operation/id").asText());
                String bootstrap = operations.awaitRunningWith(clusterId, 4);
                try (Admin admin = admin(bootstrap)) {
                    admin.createTopics(List.of(new NewTopic(TOPIC, 16, (short) 1))).all().get();
                }
                String four = bootstrap;
                operations.await(() -> leadersPerZone(four).equals(Map.of("zone-a", 8, "zone-b", 8)), "8 partitions per zone");

                try (LoadUnderTest load = LoadUnderTest.start(bootstrap, TOPIC, 2, "zone-readers")) {
                    load.awaitAcknowledged(3_000, Duration.ofMinutes(1));
                    // Nodes 2 and 4 are zone-b's (the agent places node n in zone (n - 1) mod 2).
                    ProcessHandle.of(dataPlane.brokerPid(clusterId, 2)).ifPresent(ProcessHandle::destroyForcibly);
                    ProcessHandle.of(dataPlane.brokerPid(clusterId, 4)).ifPresent(ProcessHandle::destroyForcibly);
                    long atLoss = load.acknowledged();

                    operations.await(() -> succeededReplacements(api, clusterId) == 2, "two REPLACE_BROKER operations to succeed");
                    bootstrap = operations.awaitRunningWith(clusterId, 4);
                    load.awaitAcknowledged(atLoss + 3_000, Duration.ofMinutes(2));

                    LoadUnderTest.Outcome outcome = load.stop(Duration.ofMinutes(2));
                    LoadUnderTest.assertNothingLost("ZONE_LOSS", outcome,
                            LoadUnderTest.readLog(bootstrap, TOPIC, Duration.ofMinutes(1)));
                }
                String healed = bootstrap;
                operations.await(() -> leadersPerZone(healed).equals(Map.of("zone-a", 8, "zone-b", 8)),
                        "the topic spread over both zones again once zone-b's brokers are back");
            }
        }
    }

    private static long succeededReplacements(Api api, String clusterId) {
        long succeeded = 0;
        for (JsonNode op : api.get("/api/v1/operations?type=REPLACE_BROKER&targetId=" + clusterId).get("items")) {
            String state = op.get("state").asText();
            assertThat(state).as(op.toString()).isIn("RUNNING", "SUCCEEDED");
            succeeded += state.equals("SUCCEEDED") ? 1 : 0;
        }
        return succeeded;
    }

    private static Admin admin(String bootstrap) {
        return Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 30_000));
    }

    private static Map<String, Integer> leadersPerZone(String bootstrap) {
        Map<String, Integer> out = new TreeMap<>();
        try (Admin admin = admin(bootstrap)) {
            for (TopicPartitionInfo p : admin.describeTopics(List.of(TOPIC)).allTopicNames().get().get(TOPIC).partitions()) {
                out.merge(p.leader() == null ? "none" : p.leader().rack(), 1, Integer::sum);
            }
        } catch (Exception e) {
            return Map.of();
        }
        return out;
    }
}
