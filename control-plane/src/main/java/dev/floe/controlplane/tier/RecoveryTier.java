package dev.floe.controlplane.tier;

import dev.floe.controlplane.database.VersionedEntity;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Table;
import java.time.Instant;

/** A recovery objective clusters are held to: how much data may be lost, how fast service returns, and what it takes. */
@Entity
@Table(name = "recovery_tier")
public class RecoveryTier extends VersionedEntity {

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

    protected RecoveryTier() {
    }

    RecoveryTier(String name, TierSettings settings, Instant now) {
        super(now);
        this.name = name;
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
        changedAt(now);
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
}
