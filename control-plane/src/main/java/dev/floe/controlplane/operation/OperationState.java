package dev.floe.controlplane.operation;

/** PENDING until an engine starts it; SUCCEEDED, FAILED and CANCELLED are final. */
public enum OperationState {
    PENDING, RUNNING, SUCCEEDED, FAILED, CANCELLED;

    public boolean active() {
        return this == PENDING || this == RUNNING;
    }
}
