package dev.floe.bench.elastic;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;

/** The control plane's REST API as a user calls it: an OAuth2 client-credentials token, then JSON over HTTP. */
final class ControlPlaneApi {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final String baseUrl;
    private final String clientId;
    private final String clientSecret;
    private String token;

    ControlPlaneApi(String baseUrl, String clientId, String clientSecret) {
        this.baseUrl = baseUrl;
        this.clientId = clientId;
        this.clientSecret = clientSecret;
    }

    JsonNode get(String path) throws IOException, InterruptedException {
        return send("GET", path, null, 200);
    }

    /** A mutating call: the control plane answers 202 with the operation. */
    JsonNode post(String path, Object body) throws IOException, InterruptedException {
        return send("POST", path, JSON.writeValueAsString(body), 202);
    }

    /** Fetches a token now, so the first timed call does not include it. */
    void authenticate() throws IOException, InterruptedException {
        token();
    }

    private JsonNode send(String method, String path, String body, int expected) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(baseUrl + path))
                .timeout(Duration.ofSeconds(30))
                .header("Authorization", "Bearer " + token())
                .header("Accept", "application/json");
        if (body == null) {
            request.method(method, HttpRequest.BodyPublishers.noBody());
        } else {
            request.header("Content-Type", "application/json").method(method, HttpRequest.BodyPublishers.ofString(body));
        }
        HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() == 401) {
            token = null; // expired: the next call gets a new one
        }
        if (response.statusCode() != expected) {
            throw new IOException(method + " " + path + " answered " + response.statusCode() + ": " + response.body());
        }
        return JSON.readTree(response.body());
    }

    private String token() throws IOException, InterruptedException {
        if (token == null) {
            String basic = Base64.getEncoder().encodeToString((clientId + ":" + clientSecret)
                    .getBytes(StandardCharsets.UTF_8));
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(baseUrl + "/oauth2/token"))
                    .timeout(Duration.ofSeconds(30))
                    .header("Authorization", "Basic " + basic)
                    .header("Content-Type", "application/x-www-form-urlencoded")
                    .POST(HttpRequest.BodyPublishers.ofString("grant_type=client_credentials")).build(),
                    HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                throw new IOException("token request answered " + response.statusCode() + ": " + response.body());
            }
            token = JSON.readTree(response.body()).get("access_token").asText();
        }
        return token;
    }
}
