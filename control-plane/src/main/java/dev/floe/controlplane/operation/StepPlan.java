package dev.floe.controlplane.operation;

import java.time.Duration;

/**
 * One engine step of a new operation.
 *
 * @param name        the step handler that runs it
 * @param maxAttempts failed attempts before the operation fails
 * @param timeout     time from the step's first start until it is given up
 */
public record StepPlan(String name, int maxAttempts, Duration timeout) {
}
