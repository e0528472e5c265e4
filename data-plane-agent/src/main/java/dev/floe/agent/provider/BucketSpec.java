package dev.floe.agent.provider;

import java.util.Map;

/** {@code orphanExpirationDays}: objects under {@code orphans/} (uploads never committed to the catalog) expire. */
public record BucketSpec(String name, Map<String, String> tags, int orphanExpirationDays) {

    public static final String ORPHAN_PREFIX = "orphans/";
}
