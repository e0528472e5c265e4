package dev.floe.controlplane.operation;

/**
 * The long-running things the control plane does, and (REPLACE_BROKER) the ones the data plane starts by itself and
 * reports through the agent channel.
 */
public enum OperationType {
    CREATE_CLUSTER, UPDATE_CLUSTER, SCALE_CLUSTER, DELETE_CLUSTER, CREATE_DR_PAIRING, FAILOVER, FAILBACK,
    REPLACE_BROKER;

    /** Operations the agent reports as already under way in the data plane (docs/agent-channel.md). */
    public boolean reportedByAgent() {
        return this == REPLACE_BROKER;
    }
}
