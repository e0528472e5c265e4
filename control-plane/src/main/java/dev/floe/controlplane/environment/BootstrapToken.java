package dev.floe.controlplane.environment;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;

/** A one-time token an agent trades for its credentials; only its SHA-256 is stored. */
@Entity
@Table(name = "bootstrap_token")
public class BootstrapToken {

    @Id
    private UUID id;
    @Column(name = "environment_id")
    private UUID environmentId;
    @Column(name = "token_hash")
    private String tokenHash;
    @Column(name = "expires_at")
    private Instant expiresAt;
    @Column(name = "used_at")
    private Instant usedAt;
    @Column(name = "created_at")
    private Instant createdAt;

    protected BootstrapToken() {
    }

    BootstrapToken(UUID environmentId, String tokenHash, Instant createdAt, Instant expiresAt) {
        this.id = UUID.randomUUID();
        this.environmentId = environmentId;
        this.tokenHash = tokenHash;
        this.createdAt = createdAt;
        this.expiresAt = expiresAt;
    }

    public UUID environmentId() {
        return environmentId;
    }

    public Instant expiresAt() {
        return expiresAt;
    }

    public Instant usedAt() {
        return usedAt;
    }

    void markUsed(Instant now) {
        this.usedAt = now;
    }
}
