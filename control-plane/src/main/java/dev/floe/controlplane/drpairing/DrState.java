package dev.floe.controlplane.drpairing;

/** Where a DR pairing is in its life. */
public enum DrState {
    PROVISIONING, REPLICATING, FAILING_OVER, FAILED_OVER, FAILING_BACK, BROKEN
}
