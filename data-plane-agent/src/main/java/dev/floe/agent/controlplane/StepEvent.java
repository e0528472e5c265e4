package dev.floe.agent.controlplane;

import java.time.Instant;

/** Progress of one named reconcile step of an operation; RUNNING, SUCCEEDED or FAILED. */
public record StepEvent(String step, String state, String message, Instant time) {
}
