package dev.floe.controlplane.tier;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Version;
import java.time.Instant;
import java.util.UUID;

/** A recovery objective clusters are held to: how much data may be lost, how fast service returns, and what it takes. */
@Entity
@Table(name = "recovery_tier")
public class RecoveryTier {

    @Id
    private UUID id;
    private String name;
    private String description;
    @Column(name = "rpo_seconds")
    private int rpoSeconds;
    @Column(name = "rto_seconds")
    private int rtoSeconds;
    @Column(name = "min_brokers")
    private int minBrokers;
    @Column(name = "zones_required")
    private int zonesRequired;
    @Column(name = "dr_required")
    private boolean drRequired;
    @Column(name = "drill_interval_days")
    private Integer drillIntervalDays;
    @Column(name = "wal_type")
    private String walType;
    @Version
    private long version;
    @Column(name = "created_at")
    private Instant createdAt;
    @Column(name = "updated_at")
    private Instant updatedAt;

    protected RecoveryTier() {
    }

    RecoveryTier(String name, TierSettings settings, Instant now) {
        this.id = UUID.randomUUID();
        this.name = name;
        this.createdAt = now;
        apply(settings, now);
    }

    void apply(TierSettings settings, Instant now) {
        this.description = settings.description();
        this.rpoSeconds = settings.rpoSeconds();
        this.rtoSeconds = settings.rtoSeconds();
        this.minBrokers = settings.minBrokers();
        this.zonesRequired = settings.zonesRequired();
        this.drRequired = settings.drRequired();
        this.drillIntervalDays = settings.drillIntervalDays();
        this.walType = settings.walType();
        this.updatedAt = now;
    }

    public UUID id() {
        return id;
    }

    public String name() {
        return name;
    }

    public String description() {
        return description;
    }

    public int rpoSeconds() {
        return rpoSeconds;
    }

    public int rtoSeconds() {
        return rtoSeconds;
    }

    public int minBrokers() {
        return minBrokers;
    }

    public int zonesRequired() {
        return zonesRequired;
    }

    public boolean drRequired() {
        return drRequired;
    }

    public Integer drillIntervalDays() {
        return drillIntervalDays;
    }

    public String walType() {
        return walType;
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
