package dev.floe.controlplane.environment;

import static org.assertj.core.api.Assertions.assertThat;

import dev.floe.controlplane.support.ControlPlaneIT;
import dev.floe.controlplane.support.Fixtures;
import dev.floe.controlplane.support.Http;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

class EnvironmentIT extends ControlPlaneIT {

    @Test
    void anAwsEnvironmentKeepsItsAccountVpcSubnetsAndCatalogAndItsTokenIsStoredHashed() {
        String name = unique("prod");
        Http.Response created = operator().post("/api/v1/environments", Map.of("name", name, "provider", "aws",
                "settings", Map.of("region", "eu-west-1", "cloudAccountId", "123456789012", "vpcId", "vpc-0a1b2c3d",
                        "subnets", Map.of("eu-west-1a", "subnet-0aa", "eu-west-1b", "subnet-0bb"),
                        "catalog", Map.of("jdbcUrl", "jdbc:postgresql://catalog:5432/floe", "username", "floe",
                                "passwordSecretRef", "arn:aws:secretsmanager:eu-west-1:123456789012:secret:x"))));
        assertThat(created.status()).isEqualTo(201);
        JsonNode environment = created.json().get("environment");
        String token = created.json().get("bootstrapToken").asText();
        assertThat(token).startsWith("flb_");
        assertThat(created.json().get("bootstrapTokenExpiresAt").asText()).isNotBlank();

        JsonNode read = viewer().get("/api/v1/environments/" + environment.get("id").asText()).json();
        assertThat(read.get("subnets").get("eu-west-1b").asText()).isEqualTo("subnet-0bb");
        assertThat(read.at("/catalog/username").asText()).isEqualTo("floe");
        assertThat(read.toString()).doesNotContain(token);
        assertThat(jdbc.queryForObject("SELECT count(*) FROM bootstrap_token WHERE token_hash = ?", Integer.class,
                token)).as("never stored in plain text").isZero();

        JsonNode listed = viewer().get("/api/v1/environments?size=200").json();
        assertThat(listed.get("items")).extracting(item -> item.get("name").asText()).contains(name);
    }

    @Test
    void aNewBootstrapTokenLetsASecondAgentRegister() {
        Fixtures.CreatedEnvironment environment = fixtures().environment(unique("env"));
        fixtures().agent(environment);
        Http.Response issued = operator().post("/api/v1/environments/" + environment.id() + "/bootstrap-tokens", null);
        assertThat(issued.status()).isEqualTo(201);

        fixtures().agent(new Fixtures.CreatedEnvironment(environment.id(), issued.json().get("bootstrapToken").asText()));
        assertThat(viewer().get("/api/v1/environments/" + environment.id() + "/agents").json()).hasSize(2);
    }

    @Test
    void anEnvironmentWithClustersCannotBeDeletedAnEmptyOneCan() {
        Fixtures.CreatedEnvironment busy = fixtures().environment(unique("busy"));
        fixtures().cluster(busy.id(), "c", "dev", Fixtures.spec(1, List.of("z")));
        Fixtures.CreatedEnvironment empty = fixtures().environment(unique("empty"));
        fixtures().agent(empty);
        var before = snapshot();

        Http.Response refused = operator().delete("/api/v1/environments/" + busy.id());
        assertThat(refused.status()).isEqualTo(409);
        assertThat(refused.json().get("type").asText()).endsWith("/environment-in-use");
        assertThat(snapshot()).isEqualTo(before);

        assertThat(operator().delete("/api/v1/environments/" + empty.id()).status()).isEqualTo(204);
        assertThat(viewer().get("/api/v1/environments/" + empty.id()).status()).isEqualTo(404);
    }
}
