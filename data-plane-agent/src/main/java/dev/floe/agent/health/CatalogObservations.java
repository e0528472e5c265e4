package dev.floe.agent.health;

import dev.floe.agent.provider.CatalogConnection;
import java.util.Map;
import java.util.Optional;

/**
 * What the broker records about itself in its catalog: leases, partition ownership, uploads. The tables belong to
 * the broker, so every answer is optional: empty means "cannot tell" (no table yet, catalog unreachable) and
 * health then rests on Kafka alone.
 */
public interface CatalogObservations {

    /** node id to "lease currently valid". */
    Optional<Map<Integer, Boolean>> leases(CatalogConnection catalog);

    /** node id to the number of partitions it owns; empty when the catalog cannot tell. */
    default Optional<Map<Integer, Integer>> partitionsByOwner(CatalogConnection catalog) {
        return Optional.empty();
    }

    /**
     * node id to "everything in its WAL is in the bucket" (set by a broker's graceful drain): a WAL volume that is
     * not clean must not be deleted. A node without a row never wrote anything.
     */
    default Optional<Map<Integer, Boolean>> walClean(CatalogConnection catalog) {
        return Optional.empty();
    }

    /**
     * node id to bytes per second it wrote to the bucket over the last minute: the data that came in, as it lands
     * in object storage (batches plus a small index; compaction rewrites count too).
     */
    default Optional<Map<Integer, Double>> uploadRates(CatalogConnection catalog) {
        return Optional.empty();
    }
}
