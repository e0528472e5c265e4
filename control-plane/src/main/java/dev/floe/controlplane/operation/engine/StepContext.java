package dev.floe.controlplane.operation.engine;

import java.util.UUID;

/**
 * What a handler knows about the step it runs.
 *
 * @param attempts failed attempts so far (an attempt lost with a dead engine counts)
 */
public record StepContext(UUID operationId, UUID stepId, String step, String operationType, String targetType,
                          UUID targetId, UUID environmentId, Long generation, int attempts, int maxAttempts) {
}
