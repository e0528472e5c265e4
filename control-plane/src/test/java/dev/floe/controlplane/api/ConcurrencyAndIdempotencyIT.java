package dev.floe.controlplane.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.floe.controlplane.support.ControlPlaneIT;
import dev.floe.controlplane.support.Fixtures;
import dev.floe.controlplane.support.Http;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** ETag/If-Match against lost updates, and Idempotency-Key against duplicate creations. */
class ConcurrencyAndIdempotencyIT extends ControlPlaneIT {

    @Test
    void anUpdateWithAStaleETagIs412AndChangesNothing() {
        String id = fixtures().environment(unique("env")).id();
        String first = admin().get("/api/v1/environments/" + id).header("ETag");
        Http.Response updated = admin().withHeader("If-Match", first).put("/api/v1/environments/" + id,
                Map.of("region", "eu-west-1"));
        assertThat(updated.status()).isEqualTo(200);
        assertThat(updated.header("ETag")).isNotEqualTo(first);
        var before = snapshot();

        Http.Response stale = admin().withHeader("If-Match", first).put("/api/v1/environments/" + id,
                Map.of("region", "us-east-1"));

        assertThat(stale.status()).isEqualTo(412);
        assertThat(stale.json().get("type").asText()).endsWith("/stale-version");
        assertThat(snapshot()).isEqualTo(before);
        assertThat(admin().get("/api/v1/environments/" + id).json().get("region").asText()).isEqualTo("eu-west-1");
    }

    @Test
    void clusterAndTierUpdatesAndDeletesHonourIfMatch() {
        Fixtures.CreatedEnvironment environment = fixtures().environment(unique("env"));
        String clusterId = fixtures().cluster(environment.id(), "etagged", "dev", Fixtures.spec(1, List.of("zone-a")))
                .at("/cluster/id").asText();
        var before = snapshot();

        Http.Response staleDelete = admin().withHeader("If-Match", "\"999\"").delete("/api/v1/clusters/" + clusterId);
        Http.Response staleTier = admin().withHeader("If-Match", "\"999\"").put("/api/v1/recovery-tiers/dev",
                Map.of("rpoSeconds", 1, "rtoSeconds", 1, "minBrokers", 1, "zonesRequired", 1, "drRequired", false,
                        "walType", "gp3"));

        assertThat(staleDelete.status()).isEqualTo(412);
        assertThat(staleTier.status()).isEqualTo(412);
        assertThat(snapshot()).isEqualTo(before);
        String current = admin().get("/api/v1/clusters/" + clusterId).header("ETag");
        assertThat(admin().withHeader("If-Match", current).delete("/api/v1/clusters/" + clusterId).status())
                .isEqualTo(202);
    }

    @Test
    void aReplayedPostReturnsTheFirstResponseAndCreatesNothingNew() {
        String key = UUID.randomUUID().toString();
        String name = unique("idem");
        Map<String, Object> body = Map.of("name", name, "provider", "local", "settings", Map.of("region", "local"));

        Http.Response first = admin().withHeader("Idempotency-Key", key).post("/api/v1/environments", body);
        var afterFirst = snapshot();
        Http.Response replay = admin().withHeader("Idempotency-Key", key).post("/api/v1/environments", body);

        assertThat(first.status()).isEqualTo(201);
        assertThat(replay.status()).isEqualTo(201);
        assertThat(replay.header("Idempotent-Replayed")).isEqualTo("true");
        assertThat(replay.header("Location")).isEqualTo(first.header("Location"));
        assertThat(replay.json().get("environment")).isEqualTo(first.json().get("environment"));
        assertThat(first.json().get("bootstrapToken").asText()).startsWith("flb_");
        assertThat(replay.json().get("bootstrapToken").isNull()).as("secrets are shown once").isTrue();
        assertThat(snapshot()).isEqualTo(afterFirst);
        assertThat(jdbc.queryForObject("SELECT count(*) FROM environment WHERE name = ?", Integer.class, name))
                .isEqualTo(1);
    }

    @Test
    void aReplayedClusterCreationReturnsTheSameOperation() {
        Fixtures.CreatedEnvironment environment = fixtures().environment(unique("env"));
        Map<String, Object> body = Map.of("environmentId", environment.id(), "name", "once", "tier", "dev",
                "spec", Fixtures.spec(1, List.of("zone-a")));
        Http keyed = admin().withHeader("Idempotency-Key", UUID.randomUUID().toString());

        Http.Response first = keyed.post("/api/v1/clusters", body);
        Http.Response replay = keyed.post("/api/v1/clusters", body);

        assertThat(first.status()).isEqualTo(202);
        assertThat(replay.status()).isEqualTo(202);
        assertThat(replay.json().at("/operation/id")).isEqualTo(first.json().at("/operation/id"));
        assertThat(jdbc.queryForObject("SELECT count(*) FROM operation WHERE environment_id = ?", Integer.class,
                UUID.fromString(environment.id()))).isEqualTo(1);
    }

    @Test
    void reusingAKeyForADifferentRequestIsRefusedAndKeysBelongToTheirCaller() {
        String key = UUID.randomUUID().toString();
        Http.Response first = admin().withHeader("Idempotency-Key", key).post("/api/v1/environments",
                Map.of("name", unique("a"), "provider", "local", "settings", Map.of("region", "local")));
        var before = snapshot();
        Http.Response different = admin().withHeader("Idempotency-Key", key).post("/api/v1/environments",
                Map.of("name", unique("b"), "provider", "local", "settings", Map.of("region", "local")));

        assertThat(first.status()).isEqualTo(201);
        assertThat(different.status()).isEqualTo(422);
        assertThat(different.json().get("type").asText()).endsWith("/idempotency-key-reused");
        assertThat(snapshot()).isEqualTo(before);

        Http.Response otherCaller = operator().withHeader("Idempotency-Key", key).post("/api/v1/environments",
                Map.of("name", unique("c"), "provider", "local", "settings", Map.of("region", "local")));
        assertThat(otherCaller.status()).isEqualTo(201);
        assertThat(otherCaller.header("Idempotent-Replayed")).isNull();
    }

    @Test
    void aRefusedRequestIsReplayedAsRefused() {
        String key = UUID.randomUUID().toString();
        Map<String, Object> bad = Map.of("name", "Bad Name", "provider", "local", "settings", Map.of("region", "x"));
        Http.Response first = admin().withHeader("Idempotency-Key", key).post("/api/v1/environments", bad);
        Http.Response replay = admin().withHeader("Idempotency-Key", key).post("/api/v1/environments", bad);
        assertThat(first.status()).isEqualTo(400);
        assertThat(replay.status()).isEqualTo(400);
        assertThat(replay.json().get("field")).isEqualTo(first.json().get("field"));
    }
}
