package dev.floe.agent.controlplane;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The small HTTP+JSON layer under the control-plane client: maps transport and status codes to our exceptions. */
final class HttpJson {

    private final HttpClient http;
    private final JsonMapper json;

    HttpJson(JsonMapper json, Duration connectTimeout) {
        this.json = json;
        this.http = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(connectTimeout)
                .build();
    }

    JsonMapper json() {
        return json;
    }

    HttpRequest.Builder request(URI uri, Duration timeout) {
        return HttpRequest.newBuilder(uri).timeout(timeout).header("Accept", "application/json");
    }

    HttpRequest.BodyPublisher body(Object value) {
        return HttpRequest.BodyPublishers.ofByteArray(json.writeValueAsBytes(value));
    }

    /** Sends and returns the body of a 2xx answer; throws Unavailable for transport/5xx/429 and Rejected for other 4xx. */
    String send(String call, HttpRequest request) {
        HttpResponse<String> response;
        try {
            response = http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new ControlPlaneUnavailableException(call + " failed: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ControlPlaneUnavailableException(call + " interrupted", e);
        }
        int status = response.statusCode();
        if (status >= 200 && status < 300) {
            return response.body();
        }
        if (status >= 500 || status == 429 || status == 408) {
            throw new ControlPlaneUnavailableException(call + " answered HTTP " + status, null);
        }
        throw rejected(call, status, response.body());
    }

    private ControlPlaneRejectedException rejected(String call, int status, String body) {
        String type = null;
        String title = null;
        String detail = null;
        try {
            JsonNode problem = json.readTree(body == null || body.isBlank() ? "{}" : body);
            type = text(problem, "type");
            title = text(problem, "title");
            detail = text(problem, "detail");
        } catch (RuntimeException notJson) {
            detail = body;
        }
        return new ControlPlaneRejectedException(call, status, type, title, detail);
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value == null || value.isNull() ? null : value.asString();
    }
}
