package dev.floe.agent.controlplane;

/**
 * The control plane's answer to an operation report: the operation's id and its state there ({@code RUNNING}, or
 * {@code SUCCEEDED}/{@code FAILED} when an earlier run of the agent already finished reporting it).
 */
public record ReportedOperation(String id, String state) {

    public boolean finished() {
        return !"RUNNING".equals(state) && !"PENDING".equals(state);
    }
}
