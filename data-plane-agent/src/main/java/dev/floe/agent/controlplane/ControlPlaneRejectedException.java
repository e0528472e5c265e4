package dev.floe.agent.controlplane;

/**
 * The control plane understood the call and refused it (4xx). Carries the RFC 7807 problem so the
 * operator sees which rule was broken, e.g. an expired bootstrap token.
 */
public class ControlPlaneRejectedException extends RuntimeException {

    private final int status;
    private final String problemType;

    public ControlPlaneRejectedException(String call, int status, String problemType, String title, String detail) {
        super(call + " rejected with HTTP " + status
                + (problemType == null ? "" : " [" + problemType + "]")
                + (title == null ? "" : ": " + title)
                + (detail == null ? "" : " - " + detail));
        this.status = status;
        this.problemType = problemType;
    }

    public int status() {
        return status;
    }

    public String problemType() {
        return problemType;
    }
}
