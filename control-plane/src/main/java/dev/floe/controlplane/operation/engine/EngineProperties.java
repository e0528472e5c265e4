package dev.floe.controlplane.operation.engine;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The operations engine.
 *
 * @param enabled      run an engine in this instance
 * @param pollInterval how often idle engines look for runnable steps
 * @param workers      steps one instance runs at the same time
 * @param lease        how long a claimed step belongs to its engine without a heartbeat; after that any engine
 *                     may take it over
 * @param retryBackoff backoff after the first failed attempt, doubled for each further one
 * @param maxBackoff   upper bound of the backoff
 */
@ConfigurationProperties("floe.operations.engine")
public record EngineProperties(
        @DefaultValue("true") boolean enabled,
        @DefaultValue("500ms") Duration pollInterval,
        @DefaultValue("4") int workers,
        @DefaultValue("30s") Duration lease,
        @DefaultValue("2s") Duration retryBackoff,
        @DefaultValue("1m") Duration maxBackoff) {

    Duration backoff(int failedAttempts) {
        long factor = 1L << Math.min(Math.max(failedAttempts - 1, 0), 20);
        Duration backoff = retryBackoff.multipliedBy(factor);
        return backoff.compareTo(maxBackoff) > 0 ? maxBackoff : backoff;
    }
}
