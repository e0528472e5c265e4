package dev.floe.controlplane.environment;

import dev.floe.controlplane.api.ApiException;
import dev.floe.controlplane.api.Etags;
import dev.floe.controlplane.audit.AuditLog;
import dev.floe.controlplane.security.Secrets;
import java.time.Clock;
import java.time.Instant;
import java.util.UUID;
import org.springframework.data.domain.Page;
import org.springframework.data.domain.Pageable;
import org.springframework.http.HttpStatus;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** Environments and the one-time bootstrap tokens their agents register with. */
@Service
public class Environments {

    /** An environment with a fresh bootstrap token in plain text, for the one response that may show it. */
    public record WithToken(Environment environment, String bootstrapToken, Instant expiresAt) {
    }

    private final EnvironmentRepository environments;
    private final BootstrapTokenRepository tokens;
    private final DesiredStateChanges changes;
    private final AgentProperties agentProperties;
    private final JdbcTemplate jdbc;
    private final AuditLog audit;
    private final Clock clock;

    Environments(EnvironmentRepository environments, BootstrapTokenRepository tokens, DesiredStateChanges changes,
            AgentProperties agentProperties, JdbcTemplate jdbc, AuditLog audit, Clock clock) {
        this.environments = environments;
        this.tokens = tokens;
        this.changes = changes;
        this.agentProperties = agentProperties;
        this.jdbc = jdbc;
        this.audit = audit;
        this.clock = clock;
    }

    @Transactional(readOnly = true)
    public Page<Environment> list(Pageable page) {
        return environments.findAll(page);
    }

    @Transactional(readOnly = true)
    public Environment get(UUID id) {
        return environments.findById(id).orElseThrow(() -> ApiException.notFound("environment", id));
    }

    @Transactional
    public WithToken create(String name, String provider, EnvironmentSettings settings) {
        EnvironmentRules.check(provider, settings);
        if (environments.findByName(name).isPresent()) {
            throw ApiException.conflict("already-exists", "environment " + name + " already exists");
        }
        Environment environment = environments.save(new Environment(name, provider, settings, clock.instant()));
        WithToken issued = issueToken(environment);
        audit.record("environment.create", "environment", environment.id(),
                "created " + provider + " environment " + name + " in " + settings.region());
        return issued;
    }

    @Transactional
    public Environment update(UUID id, EnvironmentSettings settings, String ifMatch) {
        Environment environment = get(id);
        Etags.requireMatch(ifMatch, environment.version());
        EnvironmentRules.check(environment.provider(), settings);
        environment.apply(settings, clock.instant());
        environments.flush();
        changes.bump(id);
        audit.record("environment.update", "environment", id, "updated environment " + environment.name());
        return environment;
    }

    @Transactional
    public void delete(UUID id, String ifMatch) {
        Environment environment = get(id);
        Etags.requireMatch(ifMatch, environment.version());
        // SQL rather than Clusters: cluster builds on environment, and asking it back would make a cycle
        Integer clusters = jdbc.queryForObject("SELECT count(*) FROM cluster WHERE environment_id = ?", Integer.class,
                id);
        if (clusters != null && clusters > 0) {
            throw ApiException.conflict("environment-in-use",
                    "environment " + environment.name() + " still has " + clusters + " cluster(s); delete them first");
        }
        jdbc.update("DELETE FROM operation WHERE environment_id = ?", id);
        environments.delete(environment);
        audit.record("environment.delete", "environment", id, "deleted environment " + environment.name());
    }

    /** A new bootstrap token, to install (or reinstall) an agent. */
    @Transactional
    public WithToken newBootstrapToken(UUID id) {
        WithToken issued = issueToken(get(id));
        audit.record("environment.bootstrap-token", "environment", id, "issued a bootstrap token");
        return issued;
    }

    /**
     * Spends a bootstrap token and returns its environment. Wrong, expired and used tokens are told apart in the
     * problem type, so an operator knows whether to issue a new one.
     */
    @Transactional
    public UUID redeem(String token) {
        BootstrapToken stored = tokens.findByTokenHash(Secrets.sha256(token == null ? "" : token))
                .orElseThrow(() -> unauthorized("bootstrap-token-unknown", "the bootstrap token is not valid"));
        Instant now = clock.instant();
        if (stored.usedAt() != null) {
            throw unauthorized("bootstrap-token-used", "the bootstrap token was already used; issue a new one");
        }
        if (!now.isBefore(stored.expiresAt())) {
            throw unauthorized("bootstrap-token-expired", "the bootstrap token expired at " + stored.expiresAt());
        }
        stored.markUsed(now);
        return stored.environmentId();
    }

    private WithToken issueToken(Environment environment) {
        String token = Secrets.generate("flb_");
        Instant now = clock.instant();
        Instant expiresAt = now.plus(agentProperties.bootstrapTokenTtl());
        tokens.save(new BootstrapToken(environment.id(), Secrets.sha256(token), now, expiresAt));
        return new WithToken(environment, token, expiresAt);
    }

    private static ApiException unauthorized(String type, String message) {
        return new ApiException(HttpStatus.UNAUTHORIZED, type, null, message);
    }
}
