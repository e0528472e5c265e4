package dev.floe.controlplane.operation;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Limits of the operations the control plane starts.
 *
 * @param convergenceTimeout how long a cluster operation waits for the agent to report the new generation running
 * @param agentStepAttempts  checks of an operation that find a FAILED agent step before the operation fails (the
 *                           agent may report the step succeeded in between)
 * @param recheckInterval    how often a waiting step looks at the agent's reports again
 */
@ConfigurationProperties("floe.operations")
public record OperationProperties(
        @DefaultValue("30m") Duration convergenceTimeout,
        @DefaultValue("3") int agentStepAttempts,
        @DefaultValue("1s") Duration recheckInterval) {
}
