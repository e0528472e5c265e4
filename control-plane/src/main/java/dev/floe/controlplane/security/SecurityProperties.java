package dev.floe.controlplane.security;

import java.nio.file.Path;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Authentication settings.
 *
 * @param issuer             issuer ({@code iss}) of the built-in authorization server; unset derives it from the request
 * @param externalIssuerUri  also trust JWTs of this OIDC issuer (roles in {@code rolesClaim}); the built-in
 *                           authorization server keeps issuing tokens to agents and API clients
 * @param rolesClaim         claim that carries the roles (admin, operator, viewer, agent)
 * @param environmentClaim   claim that carries an agent's environment id
 * @param tokenTtl           lifetime of access tokens the built-in authorization server issues
 * @param bootstrapAdmin     the admin API client created at start-up
 */
@ConfigurationProperties("floe.security")
public record SecurityProperties(
        String issuer,
        String externalIssuerUri,
        @DefaultValue("roles") String rolesClaim,
        @DefaultValue("environment_id") String environmentClaim,
        @DefaultValue("1h") Duration tokenTtl,
        @DefaultValue BootstrapAdmin bootstrapAdmin) {

    /**
     * An admin API client that exists from the first start, so the API can be used at all.
     *
     * @param clientId     its client id
     * @param clientSecret its secret, when given in configuration (stored hashed; changing it here rotates it)
     * @param secretFile   when set and no secret is configured: a random secret is generated and written to this file
     *                     (mode 0600) if the file does not exist yet
     */
    public record BootstrapAdmin(@DefaultValue("floe-admin") String clientId, String clientSecret, Path secretFile) {
    }

    boolean external() {
        return externalIssuerUri != null && !externalIssuerUri.isBlank();
    }
}
