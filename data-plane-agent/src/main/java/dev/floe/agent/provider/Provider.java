package dev.floe.agent.provider;

/**
 * The port through which reconciliation changes the world. One adapter per cloud ({@code local}, {@code aws});
 * every operation is idempotent, keyed by the deterministic names and tags in the specs, so a step that ran
 * halfway before a crash can simply run again.
 */
public interface Provider extends AutoCloseable {

    String name();

    CatalogDatabases catalogs();

    Buckets buckets();

    BrokerIdentities identities();

    WalVolumes volumes();

    BrokerInstances instances();

    /**
     * Checks, without creating anything, that the cloud has what the brokers need (subnets, image), so bad input
     * fails before the first resource exists.
     */
    default void preflight(java.util.List<BrokerSpec> brokers) {
    }

    @Override
    default void close() {
    }
}
