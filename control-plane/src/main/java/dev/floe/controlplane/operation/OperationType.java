package dev.floe.controlplane.operation;

import java.util.Arrays;
import java.util.List;

/**
 * The long-running things the control plane does, and (REPLACE_BROKER, REBALANCE) the ones the data plane starts by
 * itself and reports through the agent channel.
 */
public enum OperationType {
    CREATE_CLUSTER, UPDATE_CLUSTER, SCALE_CLUSTER, DELETE_CLUSTER, CREATE_DR_PAIRING, FAILOVER, FAILBACK,
    /** A crashed broker replaced: its WAL recovered elsewhere, the node started again. */
    REPLACE_BROKER("replaceBroker"),
    /** The brokers' controller moved partitions between brokers (balance, zones, reassignment, drain). */
    REBALANCE("movePartitions");

    private final String finalAgentStep;

    OperationType() {
        this(null);
    }

    OperationType(String finalAgentStep) {
        this.finalAgentStep = finalAgentStep;
    }

    /** Operations the agent reports as already under way in the data plane (docs/agent-channel.md). */
    public boolean reportedByAgent() {
        return finalAgentStep != null;
    }

    /** The agent step whose success completes an operation the agent reports; null for the others. */
    public String finalAgentStep() {
        return finalAgentStep;
    }

    public static List<OperationType> reportedByAgents() {
        return Arrays.stream(values()).filter(OperationType::reportedByAgent).toList();
    }
}
