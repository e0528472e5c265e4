package dev.floe.controlplane.api;

/**
 * The one rule for the names users give environments, tiers, clusters and DR pairings: names end up in URLs and in
 * the names of cloud resources, so they keep to lower-case letters, digits and dashes.
 */
public final class ResourceNames {

    public static final String PATTERN = "[a-z][a-z0-9-]{0,62}";
    public static final String MESSAGE = "must be lower-case letters, digits and dashes, starting with a letter";

    private ResourceNames() {
    }
}
