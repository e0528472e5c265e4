package dev.floe.agent.reconcile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.floe.agent.controlplane.CatalogSettings;
import dev.floe.agent.controlplane.ClusterSpec;
import dev.floe.agent.controlplane.DesiredCluster;
import dev.floe.agent.controlplane.EnvironmentSpec;
import dev.floe.agent.controlplane.ListenerSpec;
import dev.floe.agent.controlplane.TierSpec;
import dev.floe.agent.provider.BrokerSpec;
import dev.floe.agent.support.Specs;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ClusterPlannerTest {

    private static final String ID = "3f2a9c1e-7b44-4c0a-9e51-0d6f1b2a3c4d";
    private static final EnvironmentSpec AWS_ENV = new EnvironmentSpec("prod", "aws", "eu-west-1", "123", "vpc-1",
            Map.of("zone-a", "subnet-a", "zone-b", "subnet-b"), new CatalogSettings("jdbc:postgresql://db/x", "u", null));

    private static DesiredCluster cluster(TierSpec tier, int brokers, List<String> zones, String walType) {
        return new DesiredCluster(ID, "Orders Prod", 3, false, "op-1", tier,
                new ClusterSpec(brokers, "m7g.large", zones, 10, walType, 1000L, new ListenerSpec(9092, true)));
    }

    @Test
    void spreadsBrokersRoundRobinOverZonesWithTheirSubnets() {
        ClusterPlan plan = ClusterPlanner.plan(AWS_ENV, cluster(Specs.STANDARD, 5, List.of("zone-a", "zone-b"), "gp3"),
                "aws");
        assertThat(plan.brokers()).extracting(BrokerSpec::nodeId).containsExactly(1, 2, 3, 4, 5);
        assertThat(plan.brokers()).extracting(BrokerSpec::zone)
                .containsExactly("zone-a", "zone-b", "zone-a", "zone-b", "zone-a");
        assertThat(plan.brokers()).extracting(BrokerSpec::subnetId)
                .containsExactly("subnet-a", "subnet-b", "subnet-a", "subnet-b", "subnet-a");
        assertThat(plan.brokers().get(1).volume().subnetId()).isEqualTo("subnet-b");
        assertThat(plan.brokers().get(0).volume().sizeBytes()).isEqualTo(10L << 30);
    }

    @Test
    void derivesStableValidResourceNamesFromTheClusterId() {
        ClusterPlan plan = ClusterPlanner.plan(AWS_ENV, cluster(Specs.STANDARD, 1, List.of("zone-a"), "gp3"), "aws");
        assertThat(plan.bucket().name()).isEqualTo("floe-orders-prod-3f2a9c1e7b44").matches("[a-z0-9-]{3,63}");
        assertThat(plan.catalog().database()).isEqualTo("floe_3f2a9c1e7b444c0a9e510d6f1b2a3c4d");
        assertThat(plan.identity().roleName()).isEqualTo("floe-broker-3f2a9c1e7b44");
        assertThat(plan.brokers().get(0).volume().name()).isEqualTo("floe-3f2a9c1e7b44-wal-1");
        assertThat(plan.tags()).containsEntry("floe:cluster-id", ID).containsEntry("floe:managed-by", "floe-agent");
        assertThat(plan.brokers().get(0).tags()).containsEntry("floe:node-id", "1");
        // same input, same plan: this is what makes every provider call idempotent across restarts
        assertThat(ClusterPlanner.plan(AWS_ENV, cluster(Specs.STANDARD, 1, List.of("zone-a"), "gp3"), "aws"))
                .isEqualTo(plan);
    }

    @Test
    void longOrOddClusterNamesStillMakeValidBucketNames() {
        String name = ClusterPlanner.bucketName("__Ünïcode!! name that is far too long for any bucket at all__", ID);
        assertThat(name).matches("[a-z0-9][a-z0-9-]{1,61}[a-z0-9]").startsWith("floe-");
    }

    @Test
    void rejectsAClusterWithoutATier() {
        assertThatThrownBy(() -> ClusterPlanner.plan(AWS_ENV, cluster(null, 3, List.of("zone-a"), "gp3"), "aws"))
                .isInstanceOf(InvalidSpecException.class).hasMessageContaining("cluster.tier");
    }

    @Test
    void rejectsAnUnknownTierThatCarriesNoObjectives() {
        TierSpec unknown = new TierSpec("platinum", null, null, null, null, null, null);
        assertThatThrownBy(() -> ClusterPlanner.plan(AWS_ENV, cluster(unknown, 3, List.of("zone-a"), "gp3"), "aws"))
                .isInstanceOf(InvalidSpecException.class).hasMessageContaining("unknown tier 'platinum'");
    }

    @Test
    void rejectsFewerBrokersThanTheTierRequires() {
        TierSpec critical = new TierSpec("critical", 0, 60, 3, 2, true, "io2");
        assertThatThrownBy(() -> ClusterPlanner.plan(AWS_ENV, cluster(critical, 2, List.of("zone-a", "zone-b"), "io2"),
                "aws")).isInstanceOf(InvalidSpecException.class).hasMessageContaining("below tier 'critical' minimum of 3");
    }

    @Test
    void rejectsFewerZonesThanTheTierRequires() {
        TierSpec critical = new TierSpec("critical", 0, 60, 3, 2, true, "io2");
        assertThatThrownBy(() -> ClusterPlanner.plan(AWS_ENV, cluster(critical, 3, List.of("zone-a"), "io2"), "aws"))
                .isInstanceOf(InvalidSpecException.class).extracting(e -> ((InvalidSpecException) e).field())
                .isEqualTo("spec.zones");
    }

    @Test
    void rejectsOnAwsAZoneWithoutASubnet() {
        assertThatThrownBy(() -> ClusterPlanner.plan(AWS_ENV, cluster(Specs.STANDARD, 1, List.of("zone-c"), "gp3"),
                "aws")).isInstanceOf(InvalidSpecException.class).hasMessageContaining("zone 'zone-c' has no subnet");
    }

    @Test
    void acceptsAnyZoneNameLocally() {
        ClusterPlan plan = ClusterPlanner.plan(Specs.localEnvironment(),
                cluster(Specs.STANDARD, 2, List.of("zone-x"), "gp3"), "local");
        assertThat(plan.brokers()).extracting(BrokerSpec::subnetId).containsOnlyNulls();
    }

    @Test
    void rejectsAnUnknownVolumeTypeAndAnImpossibleBrokerCount() {
        assertThatThrownBy(() -> ClusterPlanner.plan(AWS_ENV, cluster(Specs.STANDARD, 1, List.of("zone-a"), "floppy"),
                "aws")).hasMessageContaining("spec.walType");
        assertThatThrownBy(() -> ClusterPlanner.plan(AWS_ENV, cluster(Specs.STANDARD, 0, List.of("zone-a"), "gp3"),
                "aws")).hasMessageContaining("spec.brokerCount");
        assertThatThrownBy(() -> ClusterPlanner.plan(AWS_ENV, cluster(Specs.STANDARD, 101, List.of("zone-a"), "gp3"),
                "aws")).hasMessageContaining("spec.brokerCount");
    }

    @Test
    void teardownPlanNeedsNoValidSpec() {
        DesiredCluster broken = cluster(null, 0, List.of(), "floppy");
        ClusterPlan plan = ClusterPlanner.teardownPlan(AWS_ENV, broken);
        assertThat(plan.bucket().name()).isEqualTo(ClusterPlanner.bucketName("Orders Prod", ID));
        assertThat(plan.deleting()).isTrue();
    }
}
