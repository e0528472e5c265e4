package dev.floe.agent.controlplane;

import java.util.Map;

/** An imperative step (failover and the like) the control plane waits on; later issues act on these. */
public record PendingStep(String operationId, String operationType, String step, String targetId,
        Map<String, Object> input) {
}
