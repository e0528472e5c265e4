package dev.floe.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.floe.e2e.support.Agent;
import dev.floe.e2e.support.Api;
import dev.floe.e2e.support.ControlPlane;
import dev.floe.e2e.support.LoadUnderTest;
import dev.floe.e2e.support.Operations;
import dev.floe.e2e.support.Ports;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.TopicPartitionInfo;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.CleanupMode;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/**
 * Scaling is a metadata operation clients barely notice: a cluster is scaled 3 → 5 → 2 through the API while
 * idempotent producers (acks=all) and a consumer group run. New brokers receive their share of partitions by hand-over,
 * leaving brokers drain theirs to the survivors before they stop; no client ever sees a non-retriable error, and every
 * acknowledged record is in the log exactly once.
 */
class ScaleUnderLoadE2EIT {

    private static final String TOPIC = "payments";
    private static final int PARTITIONS = 20;
    private static final Pattern PLANNED = Pattern.compile("^([A-Z]+): ");

    /** Kept when the test fails: the brokers' and the agent's logs tell what happened. */
    @TempDir(cleanup = CleanupMode.ON_SUCCESS)
    Path dir;

    @Test
    void scalingThreeToFiveToTwoUnderLoadShowsClientsNoNonRetriableErrorAndLosesNothing() throws Exception {
        try (ControlPlane controlPlane = new ControlPlane(dir.resolve("control-plane"), Ports.free()).start()) {
            Api api = controlPlane.adminApi();
            JsonNode environment = api.post("/api/v1/environments", Map.of(
                    "name", "e2e", "provider", "local", "settings", Map.of("region", "local")));
            try (Agent agent = new Agent(dir.resolve("agent"), controlPlane.url(),
                    environment.get("bootstrapToken").asText()).start()) {
                Operations operations = new Operations(api, agent);
                JsonNode created = api.post("/api/v1/clusters", Map.of(
                        "environmentId", environment.at("/environment/id").asText(),
                        "name", "scaling", "tier", "dev",
                        "spec", Map.of("brokerCount", 3, "instanceType", "local", "zones", List.of("zone-a"),
                                "walVolumeSizeGiB", 1, "listener", Map.of("port", 9092, "autoCreateTopics", false))));
                String clusterId = created.at("/cluster/id").asText();
                operations.awaitSucceeded(created.at("/operation/id").asText());
                String bootstrap = operations.awaitRunningWith(clusterId, 3);
                try (Admin admin = admin(bootstrap)) {
                    admin.createTopics(List.of(new NewTopic(TOPIC, PARTITIONS, (short) 1))).all().get();
                }

                try (LoadUnderTest load = LoadUnderTest.start(bootstrap, TOPIC, 2, "scaling-readers")) {
                    load.awaitAcknowledged(2_000, Duration.ofMinutes(1));

                    JsonNode scaleOut = api.post("/api/v1/clusters/" + clusterId + "/scale", Map.of("brokerCount", 5));
                    operations.awaitSucceeded(scaleOut.at("/operation/id").asText());
                    bootstrap = operations.awaitRunningWith(clusterId, 5);
                    String five = bootstrap;
                    operations.await(() -> spread(five).size() == 5 && max(spread(five)) - min(spread(five)) <= 1,
                            "20 partitions spread 4 per broker over 5 brokers");
                    long afterScaleOut = load.acknowledged();
                    load.awaitAcknowledged(afterScaleOut + 2_000, Duration.ofMinutes(1));

                    JsonNode scaleIn = api.post("/api/v1/clusters/" + clusterId + "/scale", Map.of("brokerCount", 2));
                    operations.awaitSucceeded(scaleIn.at("/operation/id").asText());
                    bootstrap = operations.awaitRunningWith(clusterId, 2);
                    String two = bootstrap;
                    operations.await(() -> spread(two).equals(Map.of(1, 10, 2, 10)), "10 partitions on each of the 2 brokers");
                    load.awaitAcknowledged(load.acknowledged() + 2_000, Duration.ofMinutes(1));

                    // Every partition move shows on the control plane: COUNT rebalances filled the new brokers, DRAIN
                    // rebalances emptied the leaving ones.
                    operations.await(() -> rebalances(api, clusterId).containsAll(List.of("COUNT", "DRAIN")),
                            "SUCCEEDED REBALANCE operations for the scale-out (COUNT) and the scale-in (DRAIN)");

                    LoadUnderTest.Outcome outcome = load.stop(Duration.ofMinutes(2));
                    LoadUnderTest.assertNothingLost("SCALE_UNDER_LOAD", outcome,
                            LoadUnderTest.readLog(two, TOPIC, Duration.ofMinutes(1)));
                }
            }
        }
    }

    /** Triggers of the cluster's SUCCEEDED REBALANCE operations: each one's {@code plan} step starts with it. */
    private static List<String> rebalances(Api api, String clusterId) {
        List<String> triggers = new ArrayList<>();
        for (JsonNode listed : api.get("/api/v1/operations?type=REBALANCE&targetId=" + clusterId + "&size=200").get("items")) {
            JsonNode op = api.get("/api/v1/operations/" + listed.get("id").asText());
            if (!op.path("state").asText().equals("SUCCEEDED")) {
                continue;
            }
            for (JsonNode step : op.path("steps")) {
                Matcher m = PLANNED.matcher(step.path("message").asText());
                if (step.path("name").asText().equals("plan") && m.find()) {
                    triggers.add(m.group(1));
                }
            }
        }
        return triggers;
    }

    private static Admin admin(String bootstrap) {
        return Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 30_000));
    }

    /** Partitions of the topic per leader broker. */
    private static Map<Integer, Integer> spread(String bootstrap) {
        Map<Integer, Integer> out = new TreeMap<>();
        try (Admin admin = admin(bootstrap)) {
            for (TopicPartitionInfo p : admin.describeTopics(List.of(TOPIC)).allTopicNames().get().get(TOPIC).partitions()) {
                out.merge(p.leader() == null ? -1 : p.leader().id(), 1, Integer::sum);
            }
        } catch (Exception e) {
            return Map.of();
        }
        return out;
    }

    private static int max(Map<Integer, Integer> counts) {
        return counts.values().stream().mapToInt(Integer::intValue).max().orElse(0);
    }

    private static int min(Map<Integer, Integer> counts) {
        return counts.values().stream().mapToInt(Integer::intValue).min().orElse(0);
    }
}
