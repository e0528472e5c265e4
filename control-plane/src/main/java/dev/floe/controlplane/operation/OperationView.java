package dev.floe.controlplane.operation;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** An operation as the API shows it; mutating calls answer 202 with this body. */
public record OperationView(UUID id, OperationType type, String targetType, UUID targetId, UUID environmentId,
                            Long generation, OperationState state, String error, String requestedBy,
                            Instant createdAt, Instant startedAt, Instant finishedAt, List<Step> steps) {

    public record Step(String name, StepKind kind, StepState state, int attempts, int maxAttempts, Instant startedAt,
                       Instant finishedAt, String message) {
        static Step of(OperationStep step) {
            return new Step(step.name(), step.kind(), step.state(), step.attempts(), step.maxAttempts(),
                    step.startedAt(), step.finishedAt(), step.message());
        }
    }

    public static OperationView of(Operation operation, List<OperationStep> steps) {
        return new OperationView(operation.id(), operation.type(), operation.targetType(), operation.targetId(),
                operation.environmentId(), operation.generation(), operation.state(), operation.error(),
                operation.requestedBy(), operation.createdAt(), operation.startedAt(), operation.finishedAt(),
                steps == null ? null : steps.stream().map(Step::of).toList());
    }

    public static OperationView of(Operations.WithSteps operation) {
        return of(operation.operation(), operation.steps());
    }

    /** The URL a client follows to watch the operation. */
    public String location() {
        return "/api/v1/operations/" + id;
    }
}
