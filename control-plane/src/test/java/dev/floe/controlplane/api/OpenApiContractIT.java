package dev.floe.controlplane.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.floe.controlplane.support.ControlPlaneIT;
import dev.floe.controlplane.support.Http;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * openapi/openapi.yaml is generated from the code and checked in; this test fails when the two differ. Regenerate with
 * {@value #REGENERATE}.
 */
class OpenApiContractIT extends ControlPlaneIT {

    static final String REGENERATE = "./mvnw -B -ntp -pl control-plane -am verify -Dopenapi.write=true "
            + "-Dit.test=OpenApiContractIT -Dtest=none -Dsurefire.failIfNoSpecifiedTests=false "
            + "-Dfailsafe.failIfNoSpecifiedTests=false";
    private static final Path CHECKED_IN = Path.of("..", "openapi", "openapi.yaml");

    @Test
    void theCheckedInSpecMatchesTheCode() throws IOException {
        Http.Response generated = anonymous().get("/v3/api-docs.yaml");
        assertThat(generated.status()).isEqualTo(200);
        String spec = generated.text().endsWith("\n") ? generated.text() : generated.text() + "\n";

        if (Boolean.getBoolean("openapi.write")) {
            Files.createDirectories(CHECKED_IN.getParent());
            Files.writeString(CHECKED_IN, spec, StandardCharsets.UTF_8);
        }
        String checkedIn = Files.exists(CHECKED_IN) ? Files.readString(CHECKED_IN, StandardCharsets.UTF_8) : "";
        assertThat(checkedIn)
                .withFailMessage("openapi/openapi.yaml differs from the API the code serves; regenerate it with: "
                        + REGENERATE)
                .isEqualTo(spec);
    }

    @Test
    void theSpecDescribesTheAgentChannelAndTheTokenEndpoint() {
        String spec = anonymous().get("/v3/api-docs.yaml").text();
        assertThat(spec).contains("/api/v1/agent/environments/{environmentId}/desired-state")
                .contains("/api/v1/clusters/{id}/scale").contains("tokenUrl: /oauth2/token");
    }

    /** Regenerating the spec would accept any drift, so the codes clients rely on are pinned here. */
    @Test
    void theSpecDocumentsTheStatusEachChangeAnswersWith() {
        JsonNode paths = anonymous().get("/v3/api-docs").json().path("paths");
        assertAnswers(paths, "/api/v1/clusters", "post", "202");
        assertAnswers(paths, "/api/v1/clusters/{id}", "put", "202");
        assertAnswers(paths, "/api/v1/clusters/{id}/scale", "post", "202");
        assertAnswers(paths, "/api/v1/clusters/{id}", "delete", "202");
        assertAnswers(paths, "/api/v1/dr-pairings", "post", "202");
        assertAnswers(paths, "/api/v1/dr-pairings/{id}/failover", "post", "202");
        assertAnswers(paths, "/api/v1/dr-pairings/{id}/failback", "post", "202");
        assertAnswers(paths, "/api/v1/environments", "post", "201");
        assertAnswers(paths, "/api/v1/recovery-tiers", "post", "201");
        assertAnswers(paths, "/api/v1/api-clients", "post", "201");
        assertAnswers(paths, "/api/v1/agent/register", "post", "201");
        assertAnswers(paths, "/api/v1/environments/{id}", "delete", "204");
        assertThat(paths.path("/api/v1/clusters").path("post").path("responses").path("4XX").path("content")
                .has("application/problem+json")).isTrue();
    }

    private static void assertAnswers(JsonNode paths, String path, String method, String status) {
        JsonNode responses = paths.path(path).path(method).path("responses");
        assertThat(responses.has(status)).as("%s %s documents %s", method, path, status).isTrue();
        assertThat(responses.has("200")).as("%s %s documents no 200", method, path).isFalse();
    }
}
