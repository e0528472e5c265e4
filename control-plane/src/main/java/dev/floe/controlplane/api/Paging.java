package dev.floe.controlplane.api;

import org.springframework.data.domain.PageRequest;
import org.springframework.data.domain.Sort;

/** Validates the {@code page} and {@code size} query parameters every list endpoint takes. */
public final class Paging {

    public static final int MAX_SIZE = 200;

    private Paging() {
    }

    public static PageRequest of(int page, int size, Sort sort) {
        if (page < 0) {
            throw ApiException.invalid("page", "must be 0 or greater");
        }
        if (size < 1 || size > MAX_SIZE) {
            throw ApiException.invalid("size", "must be between 1 and " + MAX_SIZE);
        }
        return PageRequest.of(page, size, sort);
    }
}
