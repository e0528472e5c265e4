package dev.floe.agent.controlplane;

import java.util.Map;

/** The environment part of the desired state: where clusters live. {@code subnets} maps zone name to subnet id. */
public record EnvironmentSpec(String name, String provider, String region, String cloudAccountId, String vpcId,
        Map<String, String> subnets, CatalogSettings catalog) {

    public EnvironmentSpec {
        subnets = subnets == null ? Map.of() : Map.copyOf(subnets);
        catalog = catalog == null ? new CatalogSettings(null, null, null) : catalog;
    }
}
