package dev.floe.agent.health;

import dev.floe.agent.provider.CatalogConnection;
import java.util.Map;
import java.util.Optional;

/**
 * What the broker records about itself in its catalog: leases, partition ownership, traffic. The tables belong to
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
     * node id to the launch id of its catalog row, for each node whose latest incarnation is FENCED and whose lease has
     * lapsed: no process of that launch can serve again, whether or not its machine still runs (docs/failover.md).
     */
    default Optional<Map<Integer, String>> retiredLaunches(CatalogConnection catalog) {
        return Optional.empty();
    }

    /**
     * node id to the record bytes per second it took in through Produce and sent out through Fetch over its last
     * minute, as the broker writes them with its lease renewals. A broker whose last report is stale shows none.
     */
    default Optional<Map<Integer, BrokerTraffic>> traffic(CatalogConnection catalog) {
        return Optional.empty();
    }
}
