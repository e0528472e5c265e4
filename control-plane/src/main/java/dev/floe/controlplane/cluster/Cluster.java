package dev.floe.controlplane.cluster;

import dev.floe.controlplane.api.JsonColumns;
import dev.floe.controlplane.database.VersionedEntity;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import org.hibernate.annotations.DynamicUpdate;
import tools.jackson.core.type.TypeReference;

/**
 * A Kafka-compatible cluster: the spec a user asked for (versioned by {@code generation}) and the status its agent
 * reports. Status columns are written with SQL by {@link ClusterStatusRecorder}; dynamic updates keep JPA from
 * writing them back stale, and keep the ETag ({@code version}) about the spec only.
 */
@Entity
@Table(name = "cluster")
@DynamicUpdate
public class Cluster extends VersionedEntity {

    @Column(name = "environment_id")
    private UUID environmentId;
    @Column(name = "tier_id")
    private UUID tierId;
    private String name;
    private long generation;
    @Column(name = "broker_count")
    private int brokerCount;
    @Column(name = "instance_type")
    private String instanceType;
    private String zones;
    @Column(name = "wal_volume_size_gib")
    private int walVolumeSizeGiB;
    @Column(name = "wal_type")
    private String walType;
    @Column(name = "retention_ms")
    private long retentionMs;
    @Column(name = "listener_port")
    private int listenerPort;
    @Column(name = "auto_create_topics")
    private boolean autoCreateTopics;
    private boolean deleting;
    @Column(name = "operation_id")
    private UUID operationId;
    @Enumerated(EnumType.STRING)
    private ClusterPhase phase;
    @Column(name = "observed_generation")
    private long observedGeneration;
    @Column(name = "bootstrap_servers")
    private String bootstrapServers;
    private String brokers;
    private String conditions;
    @Column(name = "status_updated_at")
    private Instant statusUpdatedAt;

    protected Cluster() {
    }

    Cluster(UUID environmentId, UUID tierId, String name, ClusterSpec spec, Instant now) {
        super(now);
        this.environmentId = environmentId;
        this.name = name;
        this.generation = 0;
        this.phase = ClusterPhase.PROVISIONING;
        this.brokers = "[]";
        this.conditions = "[]";
        changeSpec(tierId, spec, now);
    }

    /** A new desired state: the generation goes up so the agent knows to act. */
    void changeSpec(UUID tierId, ClusterSpec spec, Instant now) {
        this.tierId = tierId;
        this.brokerCount = spec.brokerCount();
        this.instanceType = spec.instanceType();
        this.zones = String.join(",", spec.zones());
        this.walVolumeSizeGiB = spec.walVolumeSizeGiB();
        this.walType = spec.walType();
        this.retentionMs = spec.retentionMs();
        this.listenerPort = spec.listener().port();
        this.autoCreateTopics = spec.listener().autoCreateTopics();
        this.generation++;
        changedAt(now);
        if (generation > 1) {
            this.phase = ClusterPhase.UPDATING;
        }
    }

    void markDeleting(Instant now) {
        this.deleting = true;
        this.generation++;
        this.phase = ClusterPhase.DELETING;
        changedAt(now);
    }

    void startedBy(UUID operationId) {
        this.operationId = operationId;
    }

    public UUID environmentId() {
        return environmentId;
    }

    public UUID tierId() {
        return tierId;
    }

    public String name() {
        return name;
    }

    public long generation() {
        return generation;
    }

    public boolean deleting() {
        return deleting;
    }

    public UUID operationId() {
        return operationId;
    }

    public ClusterSpec spec() {
        return new ClusterSpec(brokerCount, instanceType, Arrays.asList(zones.split(",")), walVolumeSizeGiB, walType,
                retentionMs, new ClusterSpec.Listener(listenerPort, autoCreateTopics));
    }

    public ClusterStatus status() {
        return new ClusterStatus(phase, observedGeneration, bootstrapServers,
                JsonColumns.read(brokers, new TypeReference<List<ClusterStatus.Broker>>() { }),
                JsonColumns.read(conditions, new TypeReference<List<ClusterStatus.Condition>>() { }),
                statusUpdatedAt);
    }
}
