package dev.floe.controlplane.operation;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;

/**
 * A long-running operation. Read through JPA; its state is written by the engine with SQL guarded by step leases,
 * which is why this entity has no setters.
 */
@Entity
@Table(name = "operation")
public class Operation {

    @Id
    private UUID id;
    @Enumerated(EnumType.STRING)
    private OperationType type;
    @Column(name = "target_type")
    private String targetType;
    @Column(name = "target_id")
    private UUID targetId;
    @Column(name = "environment_id")
    private UUID environmentId;
    private Long generation;
    @Enumerated(EnumType.STRING)
    private OperationState state;
    private String error;
    private String input;
    @Column(name = "requested_by")
    private String requestedBy;
    @Column(name = "created_at")
    private Instant createdAt;
    @Column(name = "started_at")
    private Instant startedAt;
    @Column(name = "finished_at")
    private Instant finishedAt;

    protected Operation() {
    }

    Operation(OperationType type, String targetType, UUID targetId, UUID environmentId, Long generation,
            String input, String requestedBy, Instant now) {
        this.id = UUID.randomUUID();
        this.input = input;
        this.type = type;
        this.targetType = targetType;
        this.targetId = targetId;
        this.environmentId = environmentId;
        this.generation = generation;
        this.state = OperationState.PENDING;
        this.requestedBy = requestedBy;
        this.createdAt = now;
    }

    public UUID id() {
        return id;
    }

    public OperationType type() {
        return type;
    }

    public String targetType() {
        return targetType;
    }

    public UUID targetId() {
        return targetId;
    }

    public UUID environmentId() {
        return environmentId;
    }

    public Long generation() {
        return generation;
    }

    public OperationState state() {
        return state;
    }

    public String error() {
        return error;
    }

    /** JSON parameters for the agent's imperative steps; {@code {}} for most operations. */
    public String input() {
        return input;
    }

    public String requestedBy() {
        return requestedBy;
    }

    public Instant createdAt() {
        return createdAt;
    }

    public Instant startedAt() {
        return startedAt;
    }

    public Instant finishedAt() {
        return finishedAt;
    }
}
