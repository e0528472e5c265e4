package dev.floe.agent.support;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.floe.agent.controlplane.ClusterStatus;
import dev.floe.agent.controlplane.DesiredCluster;
import dev.floe.agent.controlplane.DesiredState;
import dev.floe.agent.controlplane.EnvironmentSpec;
import dev.floe.agent.controlplane.StepEvent;
import dev.floe.agent.state.StateDirectory;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A real HTTP server speaking the agent channel of docs/agent-channel.md, standing in for the control plane in
 * tests of the agent alone: one-time bootstrap tokens, client-credentials tokens, long-polled desired state, and
 * recorded status reports, heartbeats and step events.
 */
public final class FakeControlPlane implements AutoCloseable {

    public static final String ENVIRONMENT_ID = "env-1";
    public static final String CLIENT_ID = "agent-1";
    public static final String CLIENT_SECRET = "s3cret";

    private static final Pattern ENV_PATH = Pattern.compile("/api/v1/agent/environments/([^/]+)/(.*)");

    private final JsonMapper json = StateDirectory.mapper();
    private final HttpServer server;
    private final Map<String, String> bootstrapTokens = new ConcurrentHashMap<>();
    private final Set<String> issuedAccessTokens = ConcurrentHashMap.newKeySet();
    private final Map<String, List<ClusterStatus>> statuses = new ConcurrentHashMap<>();
    private final Map<String, List<StepEvent>> events = new ConcurrentHashMap<>();
    private final Map<String, ReportedOperation> reportedByKey = new ConcurrentHashMap<>();
    private final AtomicInteger heartbeats = new AtomicInteger();
    private final AtomicInteger registrations = new AtomicInteger();
    private final AtomicInteger tokenRequests = new AtomicInteger();
    private final List<String> requests = new CopyOnWriteArrayList<>();
    private volatile boolean unavailable;
    private long revision = 1;
    private EnvironmentSpec environment = new EnvironmentSpec("demo", "local", "local", null, null, Map.of(), null);
    private List<DesiredCluster> clusters = List.of();

    public FakeControlPlane() throws IOException {
        this(0);
    }

    public FakeControlPlane(int port) throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 50);
        server.setExecutor(Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "fake-control-plane");
            t.setDaemon(true);
            return t;
        }));
        server.createContext("/", this::handle);
        server.start();
        bootstrapTokens.put("flb_valid", "VALID");
        bootstrapTokens.put("flb_expired", "EXPIRED");
    }

    public URI url() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    public int port() {
        return server.getAddress().getPort();
    }

    /** While unavailable, every call gets 503, as from a control plane behind a load balancer with no backend. */
    public void unavailable(boolean value) {
        unavailable = value;
    }

    public synchronized void publish(EnvironmentSpec environment, List<DesiredCluster> clusters) {
        this.environment = environment;
        this.clusters = List.copyOf(clusters);
        revision++;
        notifyAll();
    }

    public synchronized long revision() {
        return revision;
    }

    public List<ClusterStatus> statuses(String clusterId) {
        return List.copyOf(statuses.getOrDefault(clusterId, List.of()));
    }

    public ClusterStatus lastStatus(String clusterId) {
        List<ClusterStatus> list = statuses(clusterId);
        return list.isEmpty() ? null : list.get(list.size() - 1);
    }

    public List<StepEvent> events(String operationId) {
        return List.copyOf(events.getOrDefault(operationId, List.of()));
    }

    /**
     * An operation the agent reported (docs/agent-channel.md), in the state the control plane keeps for it: RUNNING
     * until its final step succeeds (replaceBroker, movePartitions) or any step fails.
     */
    public record ReportedOperation(String id, String type, String clusterId, String key, String summary,
                                    String startedAt, String state) {
        ReportedOperation withState(String next) {
            return new ReportedOperation(id, type, clusterId, key, summary, startedAt, next);
        }
    }

    public List<ReportedOperation> reportedOperations() {
        return reportedByKey.values().stream().sorted(java.util.Comparator.comparing(ReportedOperation::key))
                .toList();
    }

    /** How many operation reports were received, replays included. */
    public long operationReports() {
        return requests.stream().filter(r -> r.startsWith("POST ") && r.endsWith("/operations")).count();
    }

    public int heartbeats() {
        return heartbeats.get();
    }

    public int registrations() {
        return registrations.get();
    }

    public int tokenRequests() {
        return tokenRequests.get();
    }

    public List<String> requests() {
        return List.copyOf(requests);
    }

    /** Forgets every access token issued so far, as a key rotation would. */
    public void revokeAccessTokens() {
        issuedAccessTokens.clear();
    }

    @Override
    public void close() {
        server.stop(0);
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String path = exchange.getRequestURI().getPath();
            requests.add(exchange.getRequestMethod() + " " + path);
            if (unavailable) {
                send(exchange, 503, null);
                return;
            }
            if (path.equals("/api/v1/agent/register")) {
                register(exchange);
            } else if (path.equals("/oauth2/token")) {
                token(exchange);
            } else {
                Matcher m = ENV_PATH.matcher(path);
                if (!m.matches()) {
                    problem(exchange, 404, "about:blank", "Not Found", path);
                    return;
                }
                String auth = exchange.getRequestHeaders().getFirst("Authorization");
                if (auth == null || !auth.startsWith("Bearer ") || !issuedAccessTokens.contains(auth.substring(7))) {
                    problem(exchange, 401, "about:blank", "Unauthorized", "invalid bearer token");
                    return;
                }
                if (!ENVIRONMENT_ID.equals(m.group(1))) {
                    problem(exchange, 403, "about:blank", "Forbidden", "not your environment");
                    return;
                }
                environmentCall(exchange, m.group(2));
            }
        } catch (RuntimeException | InterruptedException e) {
            send(exchange, 500, null);
        }
    }

    private void register(HttpExchange exchange) throws IOException {
        JsonNode body = json.readTree(exchange.getRequestBody());
        String token = body.path("bootstrapToken").asString();
        String state = bootstrapTokens.get(token);
        if (state == null) {
            problem(exchange, 401, "https://floe.dev/problems/bootstrap-token-unknown", "Invalid bootstrap token",
                    "the bootstrap token is not known");
        } else if (state.equals("EXPIRED")) {
            problem(exchange, 401, "https://floe.dev/problems/bootstrap-token-expired", "Bootstrap token expired",
                    "the bootstrap token expired");
        } else if (state.equals("USED") || !bootstrapTokens.replace(token, "VALID", "USED")) {
            problem(exchange, 401, "https://floe.dev/problems/bootstrap-token-used", "Bootstrap token already used",
                    "the bootstrap token was already used");
        } else {
            registrations.incrementAndGet();
            Map<String, Object> answer = new HashMap<>();
            answer.put("agentId", "agent-id-1");
            answer.put("environmentId", ENVIRONMENT_ID);
            answer.put("clientId", CLIENT_ID);
            answer.put("clientSecret", CLIENT_SECRET);
            answer.put("tokenUrl", url() + "/oauth2/token");
            send(exchange, 201, json.writeValueAsBytes(answer));
        }
    }

    private void token(HttpExchange exchange) throws IOException {
        tokenRequests.incrementAndGet();
        String expected = "Basic " + Base64.getEncoder().encodeToString((CLIENT_ID + ":" + CLIENT_SECRET)
                .getBytes(StandardCharsets.UTF_8));
        String form = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        if (!expected.equals(exchange.getRequestHeaders().getFirst("Authorization"))
                || !form.contains("grant_type=client_credentials")) {
            send(exchange, 401, "{\"error\":\"invalid_client\"}".getBytes(StandardCharsets.UTF_8));
            return;
        }
        String accessToken = "at-" + tokenRequests.get();
        issuedAccessTokens.add(accessToken);
        send(exchange, 200, json.writeValueAsBytes(Map.of("access_token", accessToken, "token_type", "Bearer",
                "expires_in", 300)));
    }

    private void environmentCall(HttpExchange exchange, String rest) throws IOException, InterruptedException {
        String method = exchange.getRequestMethod();
        if (method.equals("GET") && rest.equals("desired-state")) {
            Map<String, String> query = query(exchange.getRequestURI().getRawQuery());
            long seen = Long.parseLong(query.getOrDefault("revision", "0"));
            long waitMs = Long.parseLong(query.getOrDefault("waitSeconds", "0")) * 1000;
            DesiredState answer;
            synchronized (this) {
                long deadline = System.currentTimeMillis() + waitMs;
                while (revision <= seen && System.currentTimeMillis() < deadline) {
                    wait(Math.max(1, deadline - System.currentTimeMillis()));
                }
                answer = new DesiredState(ENVIRONMENT_ID, revision, environment, clusters, List.of(), List.of());
            }
            send(exchange, 200, json.writeValueAsBytes(answer));
        } else if (method.equals("POST") && rest.equals("heartbeat")) {
            heartbeats.incrementAndGet();
            send(exchange, 204, null);
        } else if (method.equals("PUT") && rest.matches("clusters/[^/]+/status")) {
            String clusterId = rest.split("/")[1];
            ClusterStatus status = json.readValue(exchange.getRequestBody(), ClusterStatus.class);
            statuses.computeIfAbsent(clusterId, k -> new CopyOnWriteArrayList<>()).add(status);
            send(exchange, 204, null);
        } else if (method.equals("POST") && rest.matches("operations/[^/]+/events")) {
            String operationId = rest.split("/")[1];
            StepEvent event = json.readValue(exchange.getRequestBody(), StepEvent.class);
            events.computeIfAbsent(operationId, k -> new CopyOnWriteArrayList<>()).add(event);
            finishReported(operationId, event);
            send(exchange, 204, null);
        } else if (method.equals("POST") && rest.matches("clusters/[^/]+/operations")) {
            JsonNode report = json.readTree(exchange.getRequestBody());
            String key = report.path("key").asString();
            boolean[] created = {false};
            ReportedOperation operation = reportedByKey.computeIfAbsent(key, k -> {
                created[0] = true;
                return new ReportedOperation("op-" + (reportedByKey.size() + 1), report.path("type").asString(),
                        rest.split("/")[1], k, report.path("summary").asString(), report.path("startedAt").asString(),
                        "RUNNING");
            });
            send(exchange, created[0] ? 201 : 200, json.writeValueAsBytes(Map.of("id", operation.id(),
                    "type", operation.type(), "state", operation.state())));
        } else {
            problem(exchange, 404, "about:blank", "Not Found", rest);
        }
    }

    private void finishReported(String operationId, StepEvent event) {
        reportedByKey.replaceAll((key, op) -> {
            if (!op.id().equals(operationId) || !op.state().equals("RUNNING")) {
                return op;
            }
            String finalStep = op.type().equals("REBALANCE") ? "movePartitions" : "replaceBroker";
            if (event.state().equals("FAILED")) {
                return op.withState("FAILED");
            }
            return event.step().equals(finalStep) && event.state().equals("SUCCEEDED") ? op.withState("SUCCEEDED") : op;
        });
    }

    private static Map<String, String> query(String raw) {
        Map<String, String> out = new HashMap<>();
        if (raw != null) {
            for (String pair : raw.split("&")) {
                String[] kv = pair.split("=", 2);
                out.put(kv[0], kv.length > 1 ? kv[1] : "");
            }
        }
        return out;
    }

    private void problem(HttpExchange exchange, int status, String type, String title, String detail)
            throws IOException {
        exchange.getResponseHeaders().set("Content-Type", "application/problem+json");
        send(exchange, status, json.writeValueAsBytes(Map.of("type", type, "title", title, "status", status,
                "detail", detail)));
    }

    private static void send(HttpExchange exchange, int status, byte[] body) throws IOException {
        if (body == null) {
            exchange.sendResponseHeaders(status, -1);
            return;
        }
        if (!exchange.getResponseHeaders().containsKey("Content-Type")) {
            exchange.getResponseHeaders().set("Content-Type", "application/json");
        }
        exchange.sendResponseHeaders(status, body.length);
        exchange.getResponseBody().write(body);
    }

}
