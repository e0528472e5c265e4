package dev.floe.broker.catalog;

/** Every part of the catalog a broker uses, by concern, over one connection pool. */
public record CatalogTables(CatalogBrokers brokers, CatalogTopics topics, CatalogStorage storage, CatalogOffsets offsets,
                            CatalogWalMoves walMoves, CatalogMoves moves, CatalogTraffic traffic, CatalogEvents events) {

    /** @see CatalogBrokers#CatalogBrokers(Catalog, String, String) for the two ids */
    public static CatalogTables of(Catalog catalog, String walVolumeId, String launchId) {
        return new CatalogTables(new CatalogBrokers(catalog, walVolumeId, launchId), new CatalogTopics(catalog),
                new CatalogStorage(catalog), new CatalogOffsets(catalog), new CatalogWalMoves(catalog), new CatalogMoves(catalog),
                new CatalogTraffic(catalog), new CatalogEvents(catalog));
    }
}
