package dev.floe.controlplane.operation;

import dev.floe.controlplane.api.ApiException;
import dev.floe.controlplane.api.Callers;
import dev.floe.controlplane.api.JsonColumns;
import dev.floe.controlplane.audit.AuditLog;
import dev.floe.controlplane.database.Filters;
import jakarta.persistence.EntityManager;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.springframework.data.domain.Page;
import org.springframework.data.domain.Pageable;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/** Starts, reads and cancels operations, and records the step events agents report. */
@Service
public class Operations {

    /** An operation with its steps in the order they happened. */
    public record WithSteps(Operation operation, List<OperationStep> steps) {
    }

    /** An operation the agent reported, and whether this report created it (false: a replay of its key). */
    public record Reported(Operation operation, boolean created) {
    }

    /** Position from which agent-reported steps are numbered, after any engine plan. */
    private static final int AGENT_STEP_POSITIONS = 1000;

    private final OperationRepository operations;
    private final OperationStepRepository steps;
    private final JdbcTemplate jdbc;
    private final AuditLog audit;
    private final Clock clock;
    private final EntityManager entityManager;

    Operations(OperationRepository operations, OperationStepRepository steps, JdbcTemplate jdbc, AuditLog audit,
            Clock clock, EntityManager entityManager) {
        this.entityManager = entityManager;
        this.operations = operations;
        this.steps = steps;
        this.jdbc = jdbc;
        this.audit = audit;
        this.clock = clock;
    }

    /** Creates a PENDING operation with its engine steps, inside the caller's transaction. */
    @Transactional(propagation = Propagation.MANDATORY)
    public Operation start(OperationType type, String targetType, UUID targetId, UUID environmentId, Long generation,
            List<StepPlan> plan) {
        return start(type, targetType, targetId, environmentId, generation, Map.of(), plan);
    }

    /** As above, with parameters the agent needs for imperative steps. */
    @Transactional(propagation = Propagation.MANDATORY)
    public Operation start(OperationType type, String targetType, UUID targetId, UUID environmentId, Long generation,
            Map<String, ?> input, List<StepPlan> plan) {
        Instant now = clock.instant();
        Operation operation = operations.saveAndFlush(new Operation(type, targetType, targetId, environmentId,
                generation, JsonColumns.write(input), Callers.current(), now));
        for (int position = 0; position < plan.size(); position++) {
            StepPlan step = plan.get(position);
            jdbc.update("""
                    INSERT INTO operation_step (id, operation_id, position, name, kind, state, max_attempts,
                                                timeout_seconds, next_attempt_at)
                    VALUES (?, ?, ?, ?, 'ENGINE', 'PENDING', ?, ?, ?)""",
                    UUID.randomUUID(), operation.id(), position, step.name(), step.maxAttempts(),
                    (int) step.timeout().toSeconds(), Timestamp.from(now));
        }
        return operation;
    }

    /**
     * Records an operation the data plane started by itself (a crash failover), RUNNING from {@code startedAt}. The
     * key is the agent's name for it; a report with a key already known returns that operation and changes nothing,
     * so an agent may repeat the report after a lost answer or a restart.
     */
    @Transactional(propagation = Propagation.MANDATORY)
    public Reported report(OperationType type, String targetType, UUID targetId, UUID environmentId, String key,
            Map<String, ?> input, Instant startedAt) {
        Instant now = clock.instant();
        Instant started = startedAt == null || startedAt.isAfter(now) ? now : startedAt;
        // ON CONFLICT waits for a concurrent report of the same key, so the lookup below always finds one row.
        int inserted = jdbc.update("""
                INSERT INTO operation (id, type, target_type, target_id, environment_id, state, input, requested_by,
                                       created_at, started_at, report_key)
                VALUES (?, ?, ?, ?, ?, 'RUNNING', ?, ?, ?, ?, ?)
                ON CONFLICT (environment_id, report_key) WHERE report_key IS NOT NULL DO NOTHING""",
                UUID.randomUUID(), type.name(), targetType, targetId, environmentId, JsonColumns.write(input),
                Callers.current(), Timestamp.from(now), Timestamp.from(started), key);
        UUID id = jdbc.queryForObject("SELECT id FROM operation WHERE environment_id = ? AND report_key = ?",
                UUID.class, environmentId, key);
        return new Reported(operations.findById(id).orElseThrow(), inserted > 0);
    }

    /** Ends an unfinished agent-reported operation at {@code time}; a finished one stays as it is. */
    @Transactional(propagation = Propagation.MANDATORY)
    public boolean finishReported(UUID id, boolean succeeded, String error, Instant time) {
        Instant at = time == null ? clock.instant() : time;
        return jdbc.update("""
                UPDATE operation SET state = ?, error = ?, finished_at = ?
                WHERE id = ? AND state IN ('PENDING', 'RUNNING')""",
                succeeded ? "SUCCEEDED" : "FAILED", succeeded ? null : error, Timestamp.from(at), id) > 0;
    }

    @Transactional(readOnly = true)
    public WithSteps get(UUID id) {
        Operation operation = operations.findById(id).orElseThrow(() -> ApiException.notFound("operation", id));
        return new WithSteps(operation, steps.findInOrder(id));
    }

    @Transactional(readOnly = true)
    public Optional<Operation> find(UUID id) {
        return operations.findById(id);
    }

    /** Whether the operation is still PENDING or RUNNING; false for no operation ({@code null}) or a removed one. */
    @Transactional(readOnly = true)
    public boolean isActive(UUID id) {
        return id != null && operations.findById(id).map(operation -> operation.state().active()).orElse(false);
    }

    /** Operations that match every filter given; a {@code null} filter matches all. */
    @Transactional(readOnly = true)
    public Page<Operation> list(UUID targetId, UUID environmentId, OperationType type, OperationState state,
            Pageable page) {
        return operations.findAll(Filters.of(Operation.class)
                .equal("targetId", targetId).equal("environmentId", environmentId)
                .equal("type", type).equal("state", state)
                .all(), page);
    }

    @Transactional(readOnly = true)
    public List<OperationStep> steps(UUID operationId) {
        return steps.findInOrder(operationId);
    }

    /** Cancels an unfinished operation; steps that have not finished are cancelled with it. */
    @Transactional
    public WithSteps cancel(UUID id) {
        Operation operation = get(id).operation();
        if (!operation.state().active()) {
            throw ApiException.conflict("operation-finished",
                    "operation " + id + " is already " + operation.state() + " and cannot be cancelled");
        }
        cancelInternal(id, "cancelled by " + Callers.current());
        audit.record("operation.cancel", "operation", id, "cancelled " + operation.type() + " operation");
        entityManager.refresh(operation); // written with SQL above
        return get(id);
    }

    /** Cancels without auditing, for an operation superseded by a newer one (the newer one is audited). */
    @Transactional(propagation = Propagation.MANDATORY)
    public void supersede(UUID id, String reason) {
        cancelInternal(id, reason);
    }

    private void cancelInternal(UUID id, String reason) {
        jdbc.update("""
                UPDATE operation_step SET state = 'CANCELLED', finished_at = now(), lease_owner = NULL,
                       lease_token = NULL, lease_expires_at = NULL
                WHERE operation_id = ? AND state IN ('PENDING', 'RUNNING')""", id);
        jdbc.update("""
                UPDATE operation SET state = 'CANCELLED', error = ?, finished_at = now()
                WHERE id = ? AND state IN ('PENDING', 'RUNNING')""", reason, id);
    }

    /**
     * Records an agent's step event. The same (step, state) twice changes nothing but the message of a step still
     * RUNNING (its progress); a new step is appended after the ones already seen. Events for a finished operation are
     * kept for the record but change nothing else.
     *
     * @return whether the event changed a step's state (progress alone does not count)
     */
    @Transactional(propagation = Propagation.MANDATORY)
    public boolean recordAgentEvent(UUID operationId, String step, StepState state, String message, Instant time) {
        Instant at = time == null ? clock.instant() : time;
        Timestamp finished = state == StepState.SUCCEEDED || state == StepState.FAILED ? Timestamp.from(at) : null;
        int updated = jdbc.update("""
                UPDATE operation_step SET state = ?, message = ?, finished_at = ?
                WHERE operation_id = ? AND name = ? AND kind = 'AGENT' AND state <> ?""",
                state.name(), message, finished, operationId, step, state.name());
        if (updated > 0) {
            return true;
        }
        int inserted = jdbc.update("""
                    INSERT INTO operation_step (id, operation_id, position, name, kind, state, max_attempts,
                                                timeout_seconds, next_attempt_at, started_at, finished_at, message)
                    SELECT ?, ?, ? + (SELECT count(*) FROM operation_step WHERE operation_id = ? AND kind = 'AGENT'),
                           ?, 'AGENT', ?, 1, 0, ?, ?, ?, ?
                    ON CONFLICT (operation_id, name) DO NOTHING""",
                    UUID.randomUUID(), operationId, AGENT_STEP_POSITIONS, operationId, step, state.name(),
                    Timestamp.from(at), Timestamp.from(at), finished, message);
        if (inserted > 0) {
            return true;
        }
        if (state == StepState.RUNNING) {
            // Progress of a step under way ("3 of 8 moved"): shown, but not a change of state worth an audit event.
            jdbc.update("""
                    UPDATE operation_step SET message = ?
                    WHERE operation_id = ? AND name = ? AND kind = 'AGENT' AND state = 'RUNNING'
                      AND message IS DISTINCT FROM ?""", message, operationId, step, message);
        }
        return false;
    }
}
