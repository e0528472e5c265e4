package dev.floe.controlplane.tier;

import static org.assertj.core.api.Assertions.assertThat;

import dev.floe.controlplane.support.ControlPlaneIT;
import dev.floe.controlplane.support.Fixtures;
import dev.floe.controlplane.support.Http;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

class RecoveryTierIT extends ControlPlaneIT {

    private static final Map<String, Object> SETTINGS = Map.of("description", "analytics", "rpoSeconds", 120,
            "rtoSeconds", 600, "minBrokers", 2, "zonesRequired", 2, "drRequired", false, "walType", "gp3");

    @Test
    void theDefaultTiersAreSeeded() {
        JsonNode tiers = viewer().get("/api/v1/recovery-tiers").json();
        assertThat(tiers).extracting(tier -> tier.get("name").asText()).contains("critical", "standard", "dev");
        JsonNode critical = viewer().get("/api/v1/recovery-tiers/critical").json();
        assertThat(critical.get("zonesRequired").asInt()).isEqualTo(3);
        assertThat(critical.get("drRequired").asBoolean()).isTrue();
        assertThat(critical.get("drillIntervalDays").asInt()).isEqualTo(90);
    }

    @Test
    void adminsCreateUpdateAndDeleteTiersButNotOneInUse() {
        String name = unique("tier");
        Http.Response created = admin().post("/api/v1/recovery-tiers", Map.of("name", name, "settings", SETTINGS));
        assertThat(created.status()).isEqualTo(201);
        assertThat(created.header("Location")).isEqualTo("/api/v1/recovery-tiers/" + name);

        Map<String, Object> changed = new java.util.HashMap<>(SETTINGS);
        changed.put("minBrokers", 4);
        Http.Response updated = admin().withHeader("If-Match", created.header("ETag"))
                .put("/api/v1/recovery-tiers/" + name, changed);
        assertThat(updated.status()).isEqualTo(200);
        assertThat(updated.json().get("minBrokers").asInt()).isEqualTo(4);

        String environment = fixtures().environment(unique("env")).id();
        fixtures().cluster(environment, "user", name, Fixtures.spec(4, List.of("a", "b")));
        Http.Response inUse = admin().delete("/api/v1/recovery-tiers/" + name);
        assertThat(inUse.status()).isEqualTo(409);
        assertThat(inUse.json().get("type").asText()).endsWith("/tier-in-use");

        String unused = unique("tier");
        admin().post("/api/v1/recovery-tiers", Map.of("name", unused, "settings", SETTINGS));
        assertThat(admin().delete("/api/v1/recovery-tiers/" + unused).status()).isEqualTo(204);
        assertThat(viewer().get("/api/v1/recovery-tiers/" + unused).status()).isEqualTo(404);
    }
}
