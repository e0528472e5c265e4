package dev.floe.controlplane.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.floe.controlplane.support.ControlPlaneIT;
import dev.floe.controlplane.support.Fixtures;
import dev.floe.controlplane.support.Http;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Bad input gets a 4xx problem detail naming the field, and the database is exactly as before. */
class BadInputIT extends ControlPlaneIT {

    private Fixtures.CreatedEnvironment environment;

    @BeforeEach
    void environment() {
        environment = fixtures().environment(unique("env"));
    }

    @Test
    void invalidClusterSpecsNameTheField() {
        assertRefused(400, "spec.brokerCount", cluster("standard", spec(0, List.of("zone-a"))));
        assertRefused(400, "spec.zones", cluster("standard", spec(3, List.of())));
        assertRefused(400, "spec.zones[0]", cluster("standard", spec(3, List.of("Zone A"))));
        assertRefused(400, "spec.instanceType", cluster("standard", with(spec(3, List.of("zone-a")),
                "instanceType", "")));
        assertRefused(400, "spec.walType", cluster("standard", with(spec(3, List.of("zone-a")), "walType", "floppy")));
        assertRefused(400, "spec.zones", cluster("standard", spec(3, List.of("zone-a", "zone-a"))));
        assertRefused(400, "name", body("Not A Name", environment.id(), "standard", spec(3, List.of("zone-a"))));
        assertRefused(400, "spec", body("c", environment.id(), "standard", null));
        assertRefused(400, "spec.brokerCount", "{\"environmentId\":\"" + environment.id()
                + "\",\"name\":\"c\",\"tier\":\"dev\",\"spec\":{\"brokerCount\":\"three\"}}");
        assertRefused(400, null, "{not json");
    }

    @Test
    void unknownReferencesInARequestAre400AndUnknownResourcesAre404() {
        assertRefused(400, "environmentId", body("c", UUID.randomUUID().toString(), "standard",
                spec(3, List.of("zone-a"))));
        assertRefused(400, "tier", cluster("platinum", spec(3, List.of("zone-a"))));
        var before = snapshot();
        Http.Response unknownCluster = admin().get("/api/v1/clusters/" + UUID.randomUUID());
        Http.Response badId = admin().get("/api/v1/clusters/not-a-uuid");
        Http.Response scaleUnknown = admin().post("/api/v1/clusters/" + UUID.randomUUID() + "/scale",
                Map.of("brokerCount", 3));
        assertThat(unknownCluster.status()).isEqualTo(404);
        assertThat(unknownCluster.json().get("type").asText()).endsWith("/not-found");
        assertThat(badId.status()).isEqualTo(400);
        assertThat(badId.json().get("field").asText()).isEqualTo("id");
        assertThat(scaleUnknown.status()).isEqualTo(404);
        assertThat(snapshot()).isEqualTo(before);
    }

    @Test
    void specsThatBreakTheirTierAre422NamingTheField() {
        assertRefused(422, "spec.zones", cluster("critical", with(spec(3, List.of("zone-a")), "walType", "io2")));
        assertRefused(422, "spec.brokerCount", cluster("standard", spec(2, List.of("zone-a"))));
        assertRefused(422, "spec.walType", cluster("critical", with(spec(3, List.of("a", "b", "c")),
                "walType", "gp3")));
        assertRefused(422, "spec.brokerCount", cluster("dev", spec(1, List.of("a", "b"))));
        assertThat(admin().post("/api/v1/clusters", cluster("critical", spec(3, List.of("a", "b", "c")))).status())
                .as("a compliant critical cluster is accepted").isEqualTo(202);
    }

    @Test
    void aScaleBelowTheTierIsRefusedAndTheClusterKeepsItsGeneration() {
        String clusterId = fixtures().cluster(environment.id(), "small", "standard", spec(3, List.of("zone-a")))
                .at("/cluster/id").asText();
        admin().post("/api/v1/operations/" + admin().get("/api/v1/clusters/" + clusterId).json()
                .get("operationId").asText() + "/cancel", null);
        var before = snapshot();

        Http.Response response = admin().post("/api/v1/clusters/" + clusterId + "/scale", Map.of("brokerCount", 1));

        assertThat(response.status()).isEqualTo(422);
        assertThat(response.json().get("field").asText()).isEqualTo("spec.brokerCount");
        assertThat(snapshot()).isEqualTo(before);
    }

    @Test
    void invalidEnvironmentsNameTheField() {
        assertRefusedAt("/api/v1/environments", 400, "provider",
                Map.of("name", unique("e"), "provider", "gcp", "settings", Map.of("region", "x")));
        assertRefusedAt("/api/v1/environments", 400, "settings.cloudAccountId",
                Map.of("name", unique("e"), "provider", "aws", "settings", Map.of("region", "eu-west-1")));
        assertRefusedAt("/api/v1/environments", 400, "settings.vpcId",
                Map.of("name", unique("e"), "provider", "aws", "settings", Map.of("region", "eu-west-1",
                        "cloudAccountId", "123456789012", "vpcId", "my-vpc")));
        assertRefusedAt("/api/v1/environments", 400, "settings.region",
                Map.of("name", unique("e"), "provider", "local", "settings", Map.of()));
        assertRefusedAt("/api/v1/environments", 409, null,
                Map.of("name", admin().get("/api/v1/environments/" + environment.id()).json().get("name").asText(),
                        "provider", "local", "settings", Map.of("region", "local")));
        var before = snapshot();
        Http.Response page = admin().get("/api/v1/environments?size=1000");
        assertThat(page.status()).isEqualTo(400);
        assertThat(page.json().get("field").asText()).isEqualTo("size");
        assertThat(snapshot()).isEqualTo(before);
    }

    @Test
    void invalidTiersNameTheField() {
        Map<String, Object> settings = new HashMap<>(Map.of("rpoSeconds", 10, "rtoSeconds", 60, "minBrokers", 3,
                "zonesRequired", 4, "drRequired", false, "walType", "gp3"));
        assertRefusedAt("/api/v1/recovery-tiers", 400, "settings.zonesRequired",
                Map.of("name", unique("tier"), "settings", settings));
        settings.put("zonesRequired", 2);
        settings.put("rpoSeconds", -1);
        assertRefusedAt("/api/v1/recovery-tiers", 400, "settings.rpoSeconds",
                Map.of("name", unique("tier"), "settings", settings));
        settings.put("rpoSeconds", 10);
        assertRefusedAt("/api/v1/recovery-tiers", 409, null, Map.of("name", "standard", "settings", settings));
    }

    private void assertRefused(int status, String field, Object body) {
        assertRefusedAt("/api/v1/clusters", status, field, body);
    }

    private void assertRefusedAt(String path, int status, String field, Object body) {
        var before = snapshot();
        Http.Response response = admin().post(path, body);
        assertThat(response.status()).as(response.toString()).isEqualTo(status);
        assertThat(response.header("Content-Type")).contains("application/problem+json");
        assertThat(response.json().get("detail").asText()).isNotBlank();
        if (field != null) {
            assertThat(response.json().get("field").asText()).as(response.toString()).isEqualTo(field);
        }
        assertThat(snapshot()).as("nothing written for " + body).isEqualTo(before);
    }

    private Map<String, Object> cluster(String tier, Map<String, Object> spec) {
        return body(unique("c"), environment.id(), tier, spec);
    }

    private static Map<String, Object> body(String name, String environmentId, String tier, Map<String, Object> spec) {
        Map<String, Object> body = new HashMap<>(Map.of("name", name, "environmentId", environmentId, "tier", tier));
        if (spec != null) {
            body.put("spec", spec);
        }
        return body;
    }

    private static Map<String, Object> spec(int brokers, List<String> zones) {
        return new HashMap<>(Fixtures.spec(brokers, zones));
    }

    private static Map<String, Object> with(Map<String, Object> spec, String key, Object value) {
        spec.put(key, value);
        return spec;
    }
}
