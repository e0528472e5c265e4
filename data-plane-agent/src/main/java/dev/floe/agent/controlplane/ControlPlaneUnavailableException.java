package dev.floe.agent.controlplane;

/** The control plane could not be reached or answered 5xx/429: retry later, keep the data plane as it is. */
public class ControlPlaneUnavailableException extends RuntimeException {

    public ControlPlaneUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
