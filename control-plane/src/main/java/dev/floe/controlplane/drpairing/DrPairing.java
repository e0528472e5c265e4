package dev.floe.controlplane.drpairing;

import dev.floe.controlplane.database.VersionedEntity;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;
import org.hibernate.annotations.DynamicUpdate;

/** A primary cluster replicated to a standby cluster, byte for byte with offsets preserved. */
@Entity
@Table(name = "dr_pairing")
@DynamicUpdate
public class DrPairing extends VersionedEntity {

    private String name;
    @Column(name = "primary_cluster_id")
    private UUID primaryClusterId;
    @Column(name = "standby_cluster_id")
    private UUID standbyClusterId;
    @Column(name = "topic_filter")
    private String topicFilter;
    @Column(name = "group_filter")
    private String groupFilter;
    @Enumerated(EnumType.STRING)
    private DrState state;
    @Column(name = "active_cluster_id")
    private UUID activeClusterId;
    @Column(name = "operation_id")
    private UUID operationId;

    protected DrPairing() {
    }

    DrPairing(String name, UUID primaryClusterId, UUID standbyClusterId, String topicFilter, String groupFilter,
            Instant now) {
        super(now);
        this.name = name;
        this.primaryClusterId = primaryClusterId;
        this.standbyClusterId = standbyClusterId;
        this.topicFilter = topicFilter;
        this.groupFilter = groupFilter;
        this.state = DrState.PROVISIONING;
        this.activeClusterId = primaryClusterId;
    }

    void changeFilters(String topicFilter, String groupFilter, Instant now) {
        this.topicFilter = topicFilter;
        this.groupFilter = groupFilter;
        changedAt(now);
    }

    void moveTo(DrState next, UUID operationId, Instant now) {
        this.state = next;
        this.operationId = operationId;
        changedAt(now);
    }

    public String name() {
        return name;
    }

    public UUID primaryClusterId() {
        return primaryClusterId;
    }

    public UUID standbyClusterId() {
        return standbyClusterId;
    }

    public String topicFilter() {
        return topicFilter;
    }

    public String groupFilter() {
        return groupFilter;
    }

    public DrState state() {
        return state;
    }

    public UUID activeClusterId() {
        return activeClusterId;
    }

    public UUID operationId() {
        return operationId;
    }
}
