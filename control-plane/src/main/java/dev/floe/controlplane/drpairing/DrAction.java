package dev.floe.controlplane.drpairing;

/** What can happen to a pairing: user actions and the completion of the operations they start. */
public enum DrAction {
    PLANNED_FAILOVER, UNPLANNED_FAILOVER, FAILBACK, REPLICATION_ESTABLISHED, FAILOVER_COMPLETED, FAILBACK_COMPLETED,
    REPLICATION_LOST, DELETE
}
