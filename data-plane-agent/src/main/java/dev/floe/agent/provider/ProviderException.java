package dev.floe.agent.provider;

/**
 * A provider call failed in a way a person should read: {@code retryable} separates a passing condition
 * (throttling, capacity) from one that needs someone to change the input (a missing subnet).
 */
public class ProviderException extends RuntimeException {

    private final String reason;
    private final boolean retryable;

    public ProviderException(String reason, String message, boolean retryable, Throwable cause) {
        super(message, cause);
        this.reason = reason;
        this.retryable = retryable;
    }

    public String reason() {
        return reason;
    }

    public boolean retryable() {
        return retryable;
    }
}
