package dev.floe.controlplane.cluster;

/** What the agent last reported (or, before its first report, what the last request implies). */
public enum ClusterPhase {
    PROVISIONING, RUNNING, UPDATING, DEGRADED, FAILED, DELETING,
    /** The agent reported every resource gone; the row is removed by the delete operation's last step. */
    DELETED
}
