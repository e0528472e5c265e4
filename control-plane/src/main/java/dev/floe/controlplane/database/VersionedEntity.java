package dev.floe.controlplane.database;

import jakarta.persistence.Column;
import jakarta.persistence.Id;
import jakarta.persistence.MappedSuperclass;
import jakarta.persistence.Version;
import java.time.Instant;
import java.util.UUID;

/**
 * What every resource users edit through the API has: a random id, the optimistic-lock version that is also its ETag
 * (so a stale {@code If-Match} and a lost update are the same check), and when it was created and last changed.
 */
@MappedSuperclass
public abstract class VersionedEntity {

    @Id
    private UUID id;
    @Version
    private long version;
    @Column(name = "created_at")
    private Instant createdAt;
    @Column(name = "updated_at")
    private Instant updatedAt;

    protected VersionedEntity() {
    }

    protected VersionedEntity(Instant now) {
        this.id = UUID.randomUUID();
        this.createdAt = now;
        this.updatedAt = now;
    }

    /** Subclasses call this from every method that changes what users see. */
    protected void changedAt(Instant now) {
        this.updatedAt = now;
    }

    public UUID id() {
        return id;
    }

    public long version() {
        return version;
    }

    public Instant createdAt() {
        return createdAt;
    }

    public Instant updatedAt() {
        return updatedAt;
    }
}
