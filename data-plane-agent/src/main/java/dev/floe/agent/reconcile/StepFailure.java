package dev.floe.agent.reconcile;

import dev.floe.agent.provider.ProviderException;

/** The step that stopped a pass and why; {@code terminal} failures need a person (bad input), others are retried. */
public record StepFailure(String step, String reason, String message, boolean terminal) {

    static StepFailure of(String step, Exception e) {
        if (e instanceof InvalidSpecException invalid) {
            return new StepFailure(step, "InvalidSpec", invalid.getMessage(), true);
        }
        if (e instanceof ProviderException provider) {
            return new StepFailure(step, provider.reason(), provider.getMessage(), !provider.retryable());
        }
        String reason = Character.toUpperCase(step.charAt(0)) + step.substring(1) + "Failed";
        return new StepFailure(step, reason, e.getMessage() == null ? e.toString() : e.getMessage(), false);
    }
}
