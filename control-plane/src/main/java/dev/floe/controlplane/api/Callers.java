package dev.floe.controlplane.api;

import java.util.UUID;
import org.springframework.http.HttpStatus;
import org.springframework.security.authentication.AnonymousAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;

/** Who is calling: the client id of the bearer token, and for agents the environment they belong to. */
public final class Callers {

    public static final String SYSTEM = "system";

    private Callers() {
    }

    /** The caller's client id, or {@value #SYSTEM} outside a request (start-up, the engine). */
    public static String current() {
        Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
        return authentication == null || !authentication.isAuthenticated()
                || authentication instanceof AnonymousAuthenticationToken ? SYSTEM : authentication.getName();
    }

    /** Fails with 403 unless the calling agent belongs to {@code environmentId}. */
    public static void requireAgentOf(UUID environmentId, String environmentClaim) {
        Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
        if (authentication instanceof JwtAuthenticationToken jwt
                && environmentId.toString().equals(jwt.getToken().getClaimAsString(environmentClaim))) {
            return;
        }
        throw new ApiException(HttpStatus.FORBIDDEN, "forbidden", null,
                "this agent may only read and report its own environment");
    }
}
