package dev.floe.controlplane.api;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Optional;
import java.util.Set;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;
import org.springframework.web.util.ContentCachingResponseWrapper;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * {@code Idempotency-Key} on POST: the first response to a key is stored, a replay of the same request gets that
 * response again (with {@code Idempotent-Replayed: true}) and creates nothing new; the same key with a different
 * request is refused. Runs after authentication, because keys are scoped to the caller.
 *
 * <p>Secrets shown once at creation (bootstrap tokens, client secrets) are never stored: a replay shows them as null.
 */
@Component
class IdempotencyFilter extends OncePerRequestFilter {

    static final String HEADER = "Idempotency-Key";
    static final String REPLAYED_HEADER = "Idempotent-Replayed";
    private static final Set<String> SECRET_FIELDS = Set.of("bootstrapToken", "clientSecret");
    private static final int MAX_KEY_LENGTH = 200;

    private final IdempotencyStore store;
    private final JsonMapper json;

    IdempotencyFilter(IdempotencyStore store, JsonMapper json) {
        this.store = store;
        this.json = json;
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        return !"POST".equals(request.getMethod()) || request.getHeader(HEADER) == null
                || !request.getRequestURI().startsWith("/api/");
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        Authentication caller = SecurityContextHolder.getContext().getAuthentication();
        if (caller == null || !caller.isAuthenticated() || "anonymousUser".equals(caller.getName())) {
            chain.doFilter(request, response); // keys are per caller; an anonymous call has none
            return;
        }
        String key = request.getHeader(HEADER).trim();
        if (key.isEmpty() || key.length() > MAX_KEY_LENGTH) {
            writeProblem(response, HttpStatus.BAD_REQUEST, "invalid-request",
                    HEADER + ": must be 1 to " + MAX_KEY_LENGTH + " characters", HEADER);
            return;
        }
        byte[] body = request.getInputStream().readAllBytes();
        String hash = fingerprint(request, body);
        String actor = caller.getName();

        Optional<IdempotencyStore.Recorded> recorded = store.find(actor, key);
        if (recorded.isEmpty() && !store.reserve(actor, key, hash)) {
            recorded = store.find(actor, key);
        }
        if (recorded.isPresent()) {
            replay(recorded.get(), hash, response);
            return;
        }

        ContentCachingResponseWrapper wrapper = new ContentCachingResponseWrapper(response);
        boolean completed = false;
        try {
            chain.doFilter(new CachedBodyRequest(request, body), wrapper);
            if (wrapper.getStatus() < 500) {
                store.complete(actor, key, wrapper.getStatus(), wrapper.getContentType(),
                        wrapper.getHeader(HttpHeaders.LOCATION), wrapper.getHeader(HttpHeaders.ETAG),
                        withoutSecrets(wrapper.getContentAsByteArray(), wrapper.getContentType()));
                completed = true;
            }
        } finally {
            if (!completed) {
                store.release(actor, key); // a failed attempt may be retried with the same key
            }
            wrapper.copyBodyToResponse();
        }
    }

    private void replay(IdempotencyStore.Recorded recorded, String hash, HttpServletResponse response)
            throws IOException {
        if (!recorded.requestHash().equals(hash)) {
            writeProblem(response, HttpStatus.UNPROCESSABLE_CONTENT, "idempotency-key-reused",
                    HEADER + " was already used for a different request", HEADER);
            return;
        }
        if (!recorded.complete()) {
            writeProblem(response, HttpStatus.CONFLICT, "idempotency-key-in-flight",
                    "a request with this " + HEADER + " is still being processed; retry shortly", HEADER);
            return;
        }
        response.setStatus(recorded.status());
        response.setHeader(REPLAYED_HEADER, "true");
        if (recorded.contentType() != null) {
            response.setContentType(recorded.contentType());
        }
        if (recorded.location() != null) {
            response.setHeader(HttpHeaders.LOCATION, recorded.location());
        }
        if (recorded.etag() != null) {
            response.setHeader(HttpHeaders.ETAG, recorded.etag());
        }
        if (recorded.body() != null) {
            response.getOutputStream().write(recorded.body());
        }
    }

    private byte[] withoutSecrets(byte[] body, String contentType) {
        if (body.length == 0 || contentType == null || !contentType.contains("json")) {
            return body;
        }
        JsonNode tree = json.readTree(body);
        if (tree instanceof ObjectNode object) {
            SECRET_FIELDS.stream().filter(object::has).forEach(object::putNull);
            return json.writeValueAsBytes(object);
        }
        return body;
    }

    private static String fingerprint(HttpServletRequest request, byte[] body) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            sha.update((request.getMethod() + " " + request.getRequestURI() + "?" + request.getQueryString() + "\n")
                    .getBytes(StandardCharsets.UTF_8));
            sha.update(body);
            return HexFormat.of().formatHex(sha.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private void writeProblem(HttpServletResponse response, HttpStatus status, String type, String detail,
            String field) throws IOException {
        var problem = Problems.of(status, type, detail, field);
        response.setStatus(status.value());
        response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
        response.getOutputStream().write(json.writeValueAsBytes(ProblemBodies.asMap(problem)));
    }
}
