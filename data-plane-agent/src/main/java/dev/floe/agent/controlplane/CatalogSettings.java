package dev.floe.agent.controlplane;

/** A customer-provided PostgreSQL for cluster catalogs (aws provider); all null means "agent's choice". */
public record CatalogSettings(String jdbcUrl, String username, String passwordSecretRef) {
}
