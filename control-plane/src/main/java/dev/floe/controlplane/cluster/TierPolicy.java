package dev.floe.controlplane.cluster;

import dev.floe.controlplane.api.ApiException;
import dev.floe.controlplane.tier.RecoveryTier;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/** Checks a cluster spec against its tier and its environment; pure, so every rule has a unit test. */
final class TierPolicy {

    private TierPolicy() {
    }

    /**
     * @param subnets the environment's zones and subnets; empty means the provider has no zone list (local)
     */
    static void check(ClusterSpec spec, RecoveryTier tier, Map<String, String> subnets) {
        Set<String> zones = new HashSet<>(spec.zones());
        if (zones.size() != spec.zones().size()) {
            throw ApiException.invalid("spec.zones", "lists a zone twice");
        }
        if (!subnets.isEmpty()) {
            for (String zone : spec.zones()) {
                if (!subnets.containsKey(zone)) {
                    throw ApiException.invalid("spec.zones", "zone " + zone
                            + " has no subnet in the environment (known zones: " + subnets.keySet() + ")");
                }
            }
        }
        if (spec.brokerCount() < tier.minBrokers()) {
            throw ApiException.violation("tier-violation", "spec.brokerCount", "tier " + tier.name() + " needs at least "
                    + tier.minBrokers() + " brokers, the spec has " + spec.brokerCount());
        }
        if (zones.size() < tier.zonesRequired()) {
            throw ApiException.violation("tier-violation", "spec.zones", "tier " + tier.name() + " needs "
                    + tier.zonesRequired() + " zones, the spec has " + zones.size());
        }
        if (spec.brokerCount() < zones.size()) {
            throw ApiException.violation("tier-violation", "spec.brokerCount",
                    "every zone needs a broker: " + zones.size() + " zones but " + spec.brokerCount() + " brokers");
        }
        if (spec.walType() != null && "io2".equals(tier.walType()) && !"io2".equals(spec.walType())) {
            throw ApiException.violation("tier-violation", "spec.walType", "tier " + tier.name()
                    + " needs WAL volumes of type io2, the spec asks for " + spec.walType());
        }
    }
}
