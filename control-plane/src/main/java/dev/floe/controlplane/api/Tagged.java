package dev.floe.controlplane.api;

import java.net.URI;
import org.springframework.http.ResponseEntity;

/**
 * Responses that carry a resource with its {@code ETag}, so that a client can send the tag back in {@code If-Match}
 * without reading the resource again.
 */
public final class Tagged {

    private Tagged() {
    }

    public static <T> ResponseEntity<T> ok(long version, T body) {
        return ResponseEntity.ok().eTag(Etags.of(version)).body(body);
    }

    public static <T> ResponseEntity<T> created(String location, long version, T body) {
        return ResponseEntity.created(URI.create(location)).eTag(Etags.of(version)).body(body);
    }

    /** A change an operation carries out: {@code Location} names the operation, the tag is the changed resource's. */
    public static <T> ResponseEntity<T> accepted(String operationLocation, long version, T body) {
        return ResponseEntity.accepted().location(URI.create(operationLocation)).eTag(Etags.of(version)).body(body);
    }
}
