package dev.floe.agent.health;

import dev.floe.agent.provider.CatalogConnection;
import java.util.Map;
import java.util.Optional;

/**
 * Broker leases as the broker records them in its catalog. The table belongs to the broker, so the answer is
 * optional: empty means "cannot tell" (no table yet, catalog unreachable) and health then rests on Kafka alone.
 */
public interface CatalogLeases {

    /** node id to "lease currently valid". */
    Optional<Map<Integer, Boolean>> leases(CatalogConnection catalog);

    /** node id to the number of partitions it owns; empty when the catalog cannot tell. */
    default Optional<Map<Integer, Integer>> partitionsByOwner(CatalogConnection catalog) {
        return Optional.empty();
    }
}
