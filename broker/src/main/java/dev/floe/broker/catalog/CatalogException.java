package dev.floe.broker.catalog;

/** A catalog call failed (database unreachable, constraint violated). */
public class CatalogException extends RuntimeException {
    public CatalogException(String message, Throwable cause) {
        super(message, cause);
    }

    public CatalogException(String message) {
        super(message);
    }
}
