package dev.floe.agent.controlplane;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import tools.jackson.databind.json.JsonMapper;

/**
 * The agent side of docs/agent-channel.md: outbound HTTP calls only, every one of which also counts as a
 * heartbeat on the control plane. Registration happens once, before this client exists (see {@link AgentRegistration}).
 */
public final class ControlPlaneClient {

    private static final String BASE = "/api/v1/agent/environments/";
    static final long MAX_WAIT_SECONDS = 60;

    private final URI baseUrl;
    private final HttpJson http;
    private final AgentCredentials credentials;
    private final ClientCredentialsTokens tokens;
    private final Duration requestTimeout;

    public ControlPlaneClient(URI baseUrl, AgentCredentials credentials, JsonMapper json, Duration requestTimeout) {
        this.baseUrl = baseUrl;
        this.http = new HttpJson(json, requestTimeout);
        this.credentials = credentials;
        this.requestTimeout = requestTimeout;
        this.tokens = new ClientCredentialsTokens(http, credentials, requestTimeout, Clock.systemUTC());
    }

    public String environmentId() {
        return credentials.environmentId();
    }

    /** Long poll: answers once the revision passes {@code lastSeenRevision}, or after {@code wait} unchanged. */
    public DesiredState desiredState(long lastSeenRevision, Duration wait) {
        // The control plane holds a poll at most 60 s (more is a 400), so longer waits are clamped.
        long waitSeconds = Math.max(0, Math.min(MAX_WAIT_SECONDS, wait.toSeconds()));
        String path = BASE + enc(environmentId()) + "/desired-state?revision=" + lastSeenRevision
                + "&waitSeconds=" + waitSeconds;
        // The server holds the request up to `wait`; allow for that on top of the ordinary timeout.
        Duration timeout = requestTimeout.plusSeconds(waitSeconds);
        String body = authorized("desired-state", () -> http.request(baseUrl.resolve(path), timeout).GET());
        return http.json().readValue(body, DesiredState.class);
    }

    public void heartbeat(Heartbeat heartbeat) {
        post("heartbeat", BASE + enc(environmentId()) + "/heartbeat", heartbeat);
    }

    public void reportStatus(String clusterId, ClusterStatus status) {
        String path = BASE + enc(environmentId()) + "/clusters/" + enc(clusterId) + "/status";
        authorized("cluster status", () -> http.request(baseUrl.resolve(path), requestTimeout)
                .header("Content-Type", "application/json")
                .PUT(http.body(status)));
    }

    public void stepEvent(String operationId, StepEvent event) {
        post("operation event", BASE + enc(environmentId()) + "/operations/" + enc(operationId) + "/events", event);
    }

    /** Reports an operation the data plane started; a replay of its key answers the same operation. */
    public ReportedOperation reportOperation(String clusterId, OperationReport report) {
        String path = BASE + enc(environmentId()) + "/clusters/" + enc(clusterId) + "/operations";
        String body = authorized("operation report", () -> http.request(baseUrl.resolve(path), requestTimeout)
                .header("Content-Type", "application/json")
                .POST(http.body(report)));
        var operation = http.json().readTree(body);
        return new ReportedOperation(operation.get("id").asText(), operation.path("state").asText("RUNNING"));
    }

    private void post(String call, String path, Object body) {
        authorized(call, () -> http.request(baseUrl.resolve(path), requestTimeout)
                .header("Content-Type", "application/json")
                .POST(http.body(body)));
    }

    /** Adds the bearer token; a 401 means the cached token went stale (e.g. key rotation), so fetch one and retry once. */
    private String authorized(String call, java.util.function.Supplier<HttpRequest.Builder> request) {
        try {
            return http.send(call, request.get().header("Authorization", "Bearer " + tokens.bearer()).build());
        } catch (ControlPlaneRejectedException e) {
            if (e.status() != 401) {
                throw e;
            }
            tokens.invalidate();
            return http.send(call, request.get().header("Authorization", "Bearer " + tokens.bearer()).build());
        }
    }

    private static String enc(String segment) {
        return URLEncoder.encode(segment, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
