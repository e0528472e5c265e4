package dev.floe.e2e.support;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;

/** The control plane's REST API as a user calls it: a client-credentials token, then JSON over HTTP. */
public final class Api {

    private static final ObjectMapper JSON = JsonMapper.builder().build();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private final String baseUrl;
    private final String clientId;
    private final String clientSecret;
    private String token;

    public Api(String baseUrl, String clientId, String clientSecret) {
        this.baseUrl = baseUrl;
        this.clientId = clientId;
        this.clientSecret = clientSecret;
    }

    public JsonNode get(String path) {
        return expect(200, "GET", path, null);
    }

    /** Mutating calls answer 202 with the operation (or 201 for plain resources); the body is returned. */
    public JsonNode post(String path, Object body) {
        Response response = send("POST", path, body);
        assertThat(response.status()).as("POST %s → %s", path, response.body()).isIn(200, 201, 202);
        return response.json();
    }

    public JsonNode delete(String path) {
        Response response = send("DELETE", path, null);
        assertThat(response.status()).as("DELETE %s → %s", path, response.body()).isIn(200, 202, 204);
        return response.json();
    }

    private JsonNode expect(int status, String method, String path, Object body) {
        Response response = send(method, path, body);
        assertThat(response.status()).as("%s %s → %s", method, path, response.body()).isEqualTo(status);
        return response.json();
    }

    public Response send(String method, String path, Object body) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(baseUrl + path))
                .timeout(Duration.ofSeconds(30))
                .header("Authorization", "Bearer " + token())
                .header("Accept", "application/json");
        if (body == null) {
            request.method(method, HttpRequest.BodyPublishers.noBody());
        } else {
            request.header("Content-Type", "application/json")
                    .method(method, HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body)));
        }
        Response response = execute(request.build());
        if (response.status() == 401) {
            token = null; // expired, or the control plane restarted with new signing keys
        }
        return response;
    }

    private String token() {
        if (token == null) {
            String basic = Base64.getEncoder()
                    .encodeToString((clientId + ":" + clientSecret).getBytes(StandardCharsets.UTF_8));
            Response response = execute(HttpRequest.newBuilder(URI.create(baseUrl + "/oauth2/token"))
                    .header("Authorization", "Basic " + basic)
                    .header("Content-Type", "application/x-www-form-urlencoded")
                    .POST(HttpRequest.BodyPublishers.ofString("grant_type=client_credentials")).build());
            assertThat(response.status()).as("token → %s", response.body()).isEqualTo(200);
            token = response.json().get("access_token").asText();
        }
        return token;
    }

    private static Response execute(HttpRequest request) {
        try {
            HttpResponse<String> response = HTTP.send(request, HttpResponse.BodyHandlers.ofString());
            return new Response(response.statusCode(), response.body());
        } catch (IOException e) {
            throw new IllegalStateException(request.method() + " " + request.uri() + " failed: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Status and body of one call. */
    public record Response(int status, String body) {
        public JsonNode json() {
            return body == null || body.isBlank() ? JSON.createObjectNode() : JSON.readTree(body);
        }
    }
}
