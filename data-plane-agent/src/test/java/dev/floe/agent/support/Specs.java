package dev.floe.agent.support;

import dev.floe.agent.controlplane.CatalogSettings;
import dev.floe.agent.controlplane.ClusterSpec;
import dev.floe.agent.controlplane.DesiredCluster;
import dev.floe.agent.controlplane.EnvironmentSpec;
import dev.floe.agent.controlplane.ListenerSpec;
import dev.floe.agent.controlplane.TierSpec;
import java.util.List;
import java.util.Map;

/** Desired-state builders shared by tests. */
public final class Specs {

    public static final TierSpec STANDARD = new TierSpec("standard", 60, 300, 1, 1, false, "gp3");

    private Specs() {
    }

    public static EnvironmentSpec localEnvironment() {
        return new EnvironmentSpec("demo", "local", "local", null, null, Map.of(), new CatalogSettings(null, null, null));
    }

    public static DesiredCluster cluster(String id, long generation, String operationId, int brokers) {
        return new DesiredCluster(id, "demo", generation, false, operationId, STANDARD,
                new ClusterSpec(brokers, "m7g.large", List.of("zone-a"), 1, "gp3", 604800000L,
                        new ListenerSpec(9092, true)));
    }

    public static DesiredCluster deleting(DesiredCluster cluster, long generation, String operationId) {
        return new DesiredCluster(cluster.id(), cluster.name(), generation, true, operationId, cluster.tier(),
                cluster.spec());
    }
}
