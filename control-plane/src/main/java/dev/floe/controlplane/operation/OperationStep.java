package dev.floe.controlplane.operation;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;

/** One step of an operation, read-only here: the engine and the agent-event recorder write it with SQL. */
@Entity
@Table(name = "operation_step")
public class OperationStep {

    @Id
    private UUID id;
    @Column(name = "operation_id")
    private UUID operationId;
    private int position;
    private String name;
    @Enumerated(EnumType.STRING)
    private StepKind kind;
    @Enumerated(EnumType.STRING)
    private StepState state;
    private int attempts;
    @Column(name = "max_attempts")
    private int maxAttempts;
    @Column(name = "started_at")
    private Instant startedAt;
    @Column(name = "finished_at")
    private Instant finishedAt;
    private String message;

    protected OperationStep() {
    }

    public UUID id() {
        return id;
    }

    public UUID operationId() {
        return operationId;
    }

    public int position() {
        return position;
    }

    public String name() {
        return name;
    }

    public StepKind kind() {
        return kind;
    }

    public StepState state() {
        return state;
    }

    public int attempts() {
        return attempts;
    }

    public int maxAttempts() {
        return maxAttempts;
    }

    public Instant startedAt() {
        return startedAt;
    }

    public Instant finishedAt() {
        return finishedAt;
    }

    public String message() {
        return message;
    }
}
