package dev.floe.agent.provider;

import dev.floe.agent.controlplane.CatalogSettings;

/** {@code settings} is the environment's customer-provided PostgreSQL, used by providers that do not host one. */
public record CatalogSpec(String clusterId, String database, CatalogSettings settings) {
}
