package dev.floe.controlplane.security;

import dev.floe.controlplane.api.ApiException;
import dev.floe.controlplane.audit.AuditLog;
import java.time.Clock;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.springframework.data.domain.Sort;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** Creates and removes API clients; a client's secret is returned once and stored only as a hash. */
@Service
public class ApiClients {

    /** A new client with the secret in plain text, for the one response that may show it. */
    public record Issued(ApiClient client, String secret) {
    }

    private final ApiClientRepository clients;
    private final PasswordEncoder passwordEncoder;
    private final AuditLog audit;
    private final Clock clock;

    ApiClients(ApiClientRepository clients, PasswordEncoder passwordEncoder, AuditLog audit, Clock clock) {
        this.clients = clients;
        this.passwordEncoder = passwordEncoder;
        this.audit = audit;
        this.clock = clock;
    }

    @Transactional
    public Issued create(String name, Set<Role> roles) {
        if (roles.contains(Role.AGENT)) {
            throw ApiException.invalid("roles", "agent clients are created by agent registration only");
        }
        Issued issued = issue("client-" + UUID.randomUUID(), name, roles, null);
        audit.record("api-client.create", "api-client", issued.client().clientId(),
                "created API client '" + name + "' with roles " + roles);
        return issued;
    }

    /** The credentials of an agent: role agent, bound to one environment. Audited by the caller. */
    @Transactional
    public Issued createForAgent(UUID agentId, UUID environmentId) {
        return issue("agent-" + agentId, "agent " + agentId, Set.of(Role.AGENT), environmentId);
    }

    @Transactional(readOnly = true)
    public List<ApiClient> list() {
        return clients.findAll(Sort.by("createdAt"));
    }

    @Transactional
    public void delete(String clientId) {
        ApiClient client = clients.findById(clientId).orElseThrow(() -> ApiException.notFound("API client", clientId));
        if (client.roles().contains(Role.AGENT)) {
            throw ApiException.conflict("agent-client", "agent clients are removed with their environment");
        }
        clients.delete(client);
        audit.record("api-client.delete", "api-client", clientId, "deleted API client '" + client.name() + "'");
    }

    /** Creates the client, or sets its secret when it exists: used for the bootstrap admin. */
    @Transactional
    public void ensure(String clientId, String name, Set<Role> roles, String secret) {
        clients.findById(clientId).ifPresentOrElse(client -> {
            if (!passwordEncoder.matches(secret, client.secretHash())) {
                client.changeSecretHash(passwordEncoder.encode(secret));
            }
        }, () -> clients.save(new ApiClient(clientId, passwordEncoder.encode(secret), name, roles, null,
                clock.instant())));
    }

    @Transactional(readOnly = true)
    public boolean exists(String clientId) {
        return clients.existsById(clientId);
    }

    private Issued issue(String clientId, String name, Set<Role> roles, UUID environmentId) {
        String secret = Secrets.generate("fls_");
        ApiClient client = clients.save(new ApiClient(clientId, passwordEncoder.encode(secret), name, roles,
                environmentId, clock.instant()));
        return new Issued(client, secret);
    }
}
