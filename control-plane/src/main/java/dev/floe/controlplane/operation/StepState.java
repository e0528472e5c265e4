package dev.floe.controlplane.operation;

public enum StepState {
    PENDING, RUNNING, SUCCEEDED, FAILED, CANCELLED
}
