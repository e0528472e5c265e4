package dev.floe.agent.controlplane;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import tools.jackson.databind.JsonNode;

/** OAuth2 client-credentials access tokens, cached until shortly before they expire. */
final class ClientCredentialsTokens {

    private static final Duration EXPIRY_MARGIN = Duration.ofSeconds(30);

    private final HttpJson http;
    private final AgentCredentials credentials;
    private final Duration timeout;
    private final Clock clock;
    private String token;
    private Instant expiresAt = Instant.MIN;

    ClientCredentialsTokens(HttpJson http, AgentCredentials credentials, Duration timeout, Clock clock) {
        this.http = http;
        this.credentials = credentials;
        this.timeout = timeout;
        this.clock = clock;
    }

    synchronized String bearer() {
        if (token == null || !clock.instant().isBefore(expiresAt)) {
            fetch();
        }
        return token;
    }

    synchronized void invalidate() {
        token = null;
    }

    private void fetch() {
        String basic = Base64.getEncoder().encodeToString(
                (urlEncode(credentials.clientId()) + ":" + urlEncode(credentials.clientSecret()))
                        .getBytes(StandardCharsets.UTF_8));
        HttpRequest request = http.request(URI.create(credentials.tokenUrl()), timeout)
                .header("Authorization", "Basic " + basic)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("grant_type=client_credentials"))
                .build();
        JsonNode answer = http.json().readTree(http.send("token request", request));
        JsonNode accessToken = answer.get("access_token");
        if (accessToken == null || accessToken.asString().isBlank()) {
            throw new ControlPlaneUnavailableException("token endpoint answered without access_token", null);
        }
        JsonNode expiresIn = answer.get("expires_in");
        long seconds = expiresIn == null ? 300 : expiresIn.asLong();
        token = accessToken.asString();
        expiresAt = clock.instant().plusSeconds(seconds).minus(EXPIRY_MARGIN);
    }

    // RFC 6749 2.3.1: client id and secret are form-urlencoded before Basic encoding.
    private static String urlEncode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
