package dev.floe.controlplane.operation;

/** The long-running things the control plane does. */
public enum OperationType {
    CREATE_CLUSTER, UPDATE_CLUSTER, SCALE_CLUSTER, DELETE_CLUSTER, CREATE_DR_PAIRING, FAILOVER, FAILBACK
}
