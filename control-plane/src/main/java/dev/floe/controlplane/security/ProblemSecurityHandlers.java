package dev.floe.controlplane.security;

import dev.floe.controlplane.api.ProblemBodies;
import dev.floe.controlplane.api.Problems;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.access.AccessDeniedHandler;
import tools.jackson.databind.json.JsonMapper;

/** 401 and 403 as problem details, like every other error of the API. */
final class ProblemSecurityHandlers {

    private final JsonMapper json;

    ProblemSecurityHandlers(JsonMapper json) {
        this.json = json;
    }

    AuthenticationEntryPoint entryPoint() {
        return (request, response, e) -> {
            response.setHeader(HttpHeaders.WWW_AUTHENTICATE, "Bearer");
            write(response, HttpStatus.UNAUTHORIZED, "unauthenticated", describe(e));
        };
    }

    AccessDeniedHandler accessDenied() {
        return (request, response, e) -> write(response, HttpStatus.FORBIDDEN, "forbidden", describe(e));
    }

    private static String describe(AuthenticationException e) {
        return e.getMessage() != null && e.getMessage().startsWith("Full authentication")
                ? "a bearer token is required (get one from the token endpoint with client credentials)"
                : "the bearer token is not valid: " + e.getMessage();
    }

    private static String describe(AccessDeniedException e) {
        return "the caller's roles do not allow this request";
    }

    private void write(HttpServletResponse response, HttpStatus status, String type, String detail)
            throws IOException {
        response.setStatus(status.value());
        response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
        response.getOutputStream().write(json.writeValueAsBytes(
                ProblemBodies.asMap(Problems.of(status, type, detail, null))));
    }
}
