package dev.floe.agent.provider;

/** The cluster's catalog database (partition metadata, broker leases); one database per cluster. */
public interface CatalogDatabases {

    CatalogConnection ensure(CatalogSpec spec);

    /** Drops the database; a database that does not exist is not an error. */
    void delete(CatalogSpec spec);
}
