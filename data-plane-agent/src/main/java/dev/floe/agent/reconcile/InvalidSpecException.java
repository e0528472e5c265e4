package dev.floe.agent.reconcile;

/** The desired state cannot be applied as written; nothing is provisioned for it. Names the offending field. */
public class InvalidSpecException extends RuntimeException {

    private final String field;

    public InvalidSpecException(String field, String message) {
        super(field + ": " + message);
        this.field = field;
    }

    public String field() {
        return field;
    }
}
