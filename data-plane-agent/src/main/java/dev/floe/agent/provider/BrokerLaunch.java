package dev.floe.agent.provider;

/** Everything a broker needs to start: the broker launch contract's inputs. */
public record BrokerLaunch(BrokerSpec broker, Volume volume, BucketInfo bucket, CatalogConnection catalog,
        BrokerIdentity identity) {
}
