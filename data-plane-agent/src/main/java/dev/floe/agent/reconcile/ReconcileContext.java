package dev.floe.agent.reconcile;

import dev.floe.agent.controlplane.DesiredCluster;
import dev.floe.agent.controlplane.EnvironmentSpec;
import dev.floe.agent.health.BrokerHealth;
import dev.floe.agent.provider.BrokerIdentity;
import dev.floe.agent.provider.BrokerInstance;
import dev.floe.agent.provider.BucketInfo;
import dev.floe.agent.provider.CatalogConnection;
import dev.floe.agent.provider.Provider;
import dev.floe.agent.provider.Volume;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentSkipListMap;

/** What the steps of one reconciliation pass share: the input, the ports, and what earlier steps found. */
public final class ReconcileContext {

    final EnvironmentSpec environment;
    final DesiredCluster cluster;
    final Provider provider;
    ClusterPlan plan;
    CatalogConnection catalog;
    BucketInfo bucket;
    BrokerIdentity identity;
    /** Concurrent: the failover watcher records moved volumes while a pass may be reading them. */
    final Map<Integer, Volume> volumes = new ConcurrentSkipListMap<>();
    List<BrokerInstance> brokers = List.of();
    List<BrokerHealth> health = List.of();
    boolean ready;

    public ReconcileContext(EnvironmentSpec environment, DesiredCluster cluster, Provider provider) {
        this.environment = environment;
        this.cluster = cluster;
        this.provider = provider;
    }

    public String clusterId() {
        return cluster.id();
    }

    public List<BrokerInstance> brokers() {
        return brokers;
    }

    public List<BrokerHealth> health() {
        return health;
    }

    public boolean ready() {
        return ready;
    }
}
