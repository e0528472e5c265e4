package dev.floe.agent.provider.local;

import dev.floe.agent.provider.CatalogConnection;
import dev.floe.agent.provider.CatalogDatabases;
import dev.floe.agent.provider.CatalogSpec;
import dev.floe.embedded.EmbeddedPostgres;

/** One database per cluster on the agent's embedded PostgreSQL. */
final class LocalCatalogs implements CatalogDatabases {

    private final LocalServices services;

    LocalCatalogs(LocalServices services) {
        this.services = services;
    }

    @Override
    public CatalogConnection ensure(CatalogSpec spec) {
        EmbeddedPostgres pg = services.postgres();
        pg.createDatabaseIfMissing(spec.database());
        return new CatalogConnection(pg.jdbcUrl(spec.database()), EmbeddedPostgres.USER, "");
    }

    @Override
    public void delete(CatalogSpec spec) {
        services.postgres().dropDatabaseIfExists(spec.database());
    }
}
