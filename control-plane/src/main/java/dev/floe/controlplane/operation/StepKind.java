package dev.floe.controlplane.operation;

/** ENGINE steps are run by the control plane's engine; AGENT steps record what the agent reported doing. */
public enum StepKind {
    ENGINE, AGENT
}
