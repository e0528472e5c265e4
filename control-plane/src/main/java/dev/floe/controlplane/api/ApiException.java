package dev.floe.controlplane.api;

import org.springframework.http.HttpStatus;

/**
 * An error the API reports as an RFC 7807 problem: the HTTP status, a short problem type (the last segment of the
 * {@code type} URI) and, for bad input, the offending field.
 */
public class ApiException extends RuntimeException {

    private final HttpStatus status;
    private final String type;
    private final String field;

    public ApiException(HttpStatus status, String type, String field, String message) {
        super(message);
        this.status = status;
        this.type = type;
        this.field = field;
    }

    public static ApiException notFound(String what, Object id) {
        return new ApiException(HttpStatus.NOT_FOUND, "not-found", null, what + " " + id + " does not exist");
    }

    public static ApiException invalid(String field, String message) {
        return new ApiException(HttpStatus.BAD_REQUEST, "invalid-request", field, field + ": " + message);
    }

    /** The request is well-formed but breaks a rule of the domain (a tier's requirements, for example). */
    public static ApiException violation(String type, String field, String message) {
        return new ApiException(HttpStatus.UNPROCESSABLE_CONTENT, type, field, message);
    }

    public static ApiException conflict(String type, String message) {
        return new ApiException(HttpStatus.CONFLICT, type, null, message);
    }

    public static ApiException staleVersion(String ifMatch, String current) {
        return new ApiException(HttpStatus.PRECONDITION_FAILED, "stale-version", null,
                "If-Match " + ifMatch + " does not match the current version " + current
                        + "; read the resource again and retry");
    }

    public HttpStatus status() {
        return status;
    }

    public String type() {
        return type;
    }

    public String field() {
        return field;
    }
}
