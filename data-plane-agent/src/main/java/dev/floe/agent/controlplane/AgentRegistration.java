package dev.floe.agent.controlplane;

import java.net.URI;
import java.net.http.HttpRequest;
import java.time.Duration;
import java.util.Optional;
import tools.jackson.databind.json.JsonMapper;

/**
 * Registers the agent exactly once: credentials already in the state directory win; otherwise the one-time
 * bootstrap token is exchanged for client credentials, which are stored before anything else happens.
 */
public final class AgentRegistration {

    private final URI controlPlaneUrl;
    private final CredentialStore store;
    private final HttpJson http;
    private final Duration timeout;

    public AgentRegistration(URI controlPlaneUrl, CredentialStore store, JsonMapper json, Duration timeout) {
        this.controlPlaneUrl = controlPlaneUrl;
        this.store = store;
        this.http = new HttpJson(json, timeout);
        this.timeout = timeout;
    }

    /**
     * @throws ControlPlaneRejectedException when the token is wrong, expired or already used (not retried:
     *     retrying cannot make a bad token good)
     * @throws ControlPlaneUnavailableException when the control plane cannot be reached (retry later)
     */
    public AgentCredentials credentials(Optional<String> bootstrapToken, String agentVersion, String hostname) {
        Optional<AgentCredentials> stored = store.load();
        if (stored.isPresent()) {
            return stored.get();
        }
        String token = bootstrapToken.filter(t -> !t.isBlank()).orElseThrow(() -> new IllegalStateException(
                "the agent is not registered yet and no bootstrap token is configured (set floe.agent.bootstrap-token)"));
        HttpRequest request = http.request(controlPlaneUrl.resolve("/api/v1/agent/register"), timeout)
                .header("Content-Type", "application/json")
                .POST(http.body(new RegistrationRequest(token, agentVersion, hostname)))
                .build();
        AgentCredentials credentials = http.json().readValue(http.send("agent registration", request),
                AgentCredentials.class);
        if (credentials.clientId() == null || credentials.clientSecret() == null
                || credentials.environmentId() == null || credentials.tokenUrl() == null) {
            throw new IllegalStateException("registration answer lacks clientId, clientSecret, environmentId or tokenUrl");
        }
        store.save(credentials);
        return credentials;
    }
}
