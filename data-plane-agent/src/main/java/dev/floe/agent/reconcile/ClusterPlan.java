package dev.floe.agent.reconcile;

import dev.floe.agent.provider.BrokerSpec;
import dev.floe.agent.provider.BucketSpec;
import dev.floe.agent.provider.CatalogSpec;
import dev.floe.agent.provider.IdentitySpec;
import java.util.List;
import java.util.Map;

/** Everything a cluster should consist of, derived from its spec alone (see {@link ClusterPlanner}). */
public record ClusterPlan(String clusterId, String clusterName, long generation, String operationId,
        boolean deleting, CatalogSpec catalog, BucketSpec bucket, IdentitySpec identity, List<BrokerSpec> brokers,
        Map<String, String> tags) {

    public int brokerCount() {
        return brokers.size();
    }
}
