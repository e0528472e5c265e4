package dev.floe.broker.controller;

import dev.floe.broker.catalog.BrokerInfo;
import dev.floe.broker.catalog.PartitionInfo;
import dev.floe.broker.catalog.PartitionKey;
import org.apache.kafka.common.Uuid;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import static org.assertj.core.api.Assertions.assertThat;

class BalancePlannerTest {
    private static final Uuid ORDERS = new Uuid(1, 1);
    private static final Uuid CLICKS = new Uuid(2, 2);
    private static final BalancePlanner.Settings SETTINGS = new BalancePlanner.Settings(0.25, 1024 * 1024, 100);
    private static final double MIB = 1024 * 1024;

    private static BrokerInfo up(int id, String zone) {
        return new BrokerInfo(id, "h", 9092, zone, "UP", false, true);
    }

    private static PartitionInfo owned(Uuid topic, int p, Integer owner) {
        return new PartitionInfo(topic, p, owner, 3, 0, 0, null);
    }

    private static List<PartitionInfo> topic(Uuid topic, int count, int... owners) {
        List<PartitionInfo> out = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            out.add(owned(topic, i, owners[i % owners.length]));
        }
        return out;
    }

    private static BalancePlanner.Plan plan(List<PartitionInfo> parts, List<BrokerInfo> brokers, Map<PartitionKey, Double> rates,
                                            Set<PartitionKey> cooling) {
        return BalancePlanner.plan(parts, brokers, rates, cooling, true, true, SETTINGS, id -> id.equals(ORDERS) ? "orders" : "clicks");
    }

    /** Owner per broker after applying every assignment and move of the plan. */
    private static Map<Integer, Integer> countsAfter(List<PartitionInfo> parts, BalancePlanner.Plan plan) {
        Map<PartitionKey, Integer> owner = new HashMap<>();
        parts.forEach(p -> owner.put(PartitionKey.of(p), p.owner()));
        plan.assignments().forEach(a -> owner.put(PartitionKey.of(a.partition()), a.target()));
        plan.proposals().forEach(pr -> pr.moves().forEach(m -> owner.put(PartitionKey.of(m.partition()), m.to())));
        Map<Integer, Integer> counts = new TreeMap<>();
        owner.values().forEach(o -> counts.merge(o, 1, Integer::sum));
        return counts;
    }

    @Test
    void aBalancedClusterIsLeftAlone() {
        List<PartitionInfo> parts = topic(ORDERS, 6, 1, 2, 3);
        assertThat(plan(parts, List.of(up(1, "a"), up(2, "a"), up(3, "a")), Map.of(), Set.of())).isEqualTo(BalancePlanner.Plan.NOTHING);
    }

    @Test
    void brokersThatJoinReceiveAnEvenShareInOneRound() {
        List<PartitionInfo> parts = topic(ORDERS, 12, 1, 2, 3);
        List<BrokerInfo> brokers = List.of(up(1, "a"), up(2, "a"), up(3, "a"), up(4, "a"), up(5, "a"), up(6, "a"));
        BalancePlanner.Plan plan = plan(parts, brokers, Map.of(), Set.of());
        assertThat(plan.proposals()).singleElement().satisfies(p -> {
            assertThat(p.trigger()).isEqualTo(BalancePlanner.Trigger.COUNT);
            assertThat(p.moves()).hasSize(6);
            assertThat(p.summary()).contains("{1=4, 2=4, 3=4, 4=0, 5=0, 6=0}").contains("{1=2, 2=2, 3=2, 4=2, 5=2, 6=2}");
        });
        assertThat(countsAfter(parts, plan)).containsOnly(Map.entry(1, 2), Map.entry(2, 2), Map.entry(3, 2),
                Map.entry(4, 2), Map.entry(5, 2), Map.entry(6, 2));
    }

    @Test
    void countMovesSpreadEachTopicOverBrokersToo() {
        List<PartitionInfo> parts = new ArrayList<>(topic(ORDERS, 4, 1));
        parts.addAll(topic(CLICKS, 4, 2));
        BalancePlanner.Plan plan = plan(parts, List.of(up(1, "a"), up(2, "a"), up(3, "a"), up(4, "a")), Map.of(), Set.of());
        Map<Integer, Set<Uuid>> topicsOnNewBrokers = new HashMap<>();
        plan.proposals().get(0).moves().forEach(m -> topicsOnNewBrokers.computeIfAbsent(m.to(), k -> new java.util.HashSet<>())
                .add(m.partition().topicId()));
        assertThat(topicsOnNewBrokers.get(3)).containsExactlyInAnyOrder(ORDERS, CLICKS);
        assertThat(topicsOnNewBrokers.get(4)).containsExactlyInAnyOrder(ORDERS, CLICKS);
    }

    @Test
    void partitionsAlreadyMovingCountAtTheirTargetAndAreNotPlannedAgain() {
        List<PartitionInfo> parts = new ArrayList<>(topic(ORDERS, 4, 1));
        parts.set(0, new PartitionInfo(ORDERS, 0, 1, 3, 0, 0, 2));
        parts.set(1, new PartitionInfo(ORDERS, 1, 1, 3, 0, 0, 2));
        assertThat(plan(parts, List.of(up(1, "a"), up(2, "a")), Map.of(), Set.of())).isEqualTo(BalancePlanner.Plan.NOTHING);
    }

    @Test
    void aTopicCrowdedInOneZoneIsSpreadOverTheZones() {
        List<PartitionInfo> parts = new ArrayList<>(topic(ORDERS, 4, 1, 3));
        parts.addAll(topic(CLICKS, 4, 2, 4));
        // orders lives on nodes 1 and 3, both in zone a; clicks on 2 and 4 in zone b
        List<BrokerInfo> brokers = List.of(up(1, "a"), up(2, "b"), up(3, "a"), up(4, "b"));
        BalancePlanner.Plan plan = plan(parts, brokers, Map.of(), Set.of());
        assertThat(plan.proposals()).extracting(BalancePlanner.Proposal::trigger).containsExactly(BalancePlanner.Trigger.ZONES);
        assertThat(plan.proposals().get(0).moves()).hasSize(4);
        assertThat(plan.proposals().get(0).summary()).contains("orders {a=4, b=0}").contains("clicks {a=0, b=4}");
        assertThat(countsAfter(parts, plan)).containsOnly(Map.entry(1, 2), Map.entry(2, 2), Map.entry(3, 2), Map.entry(4, 2));
    }

    @Test
    void countBalancingNeverUndoesTheZoneSpread() {
        // Zone b has one broker: it holds half of the topic, so counts stay uneven rather than zones.
        List<PartitionInfo> parts = topic(ORDERS, 4, 1, 4, 2, 4);
        assertThat(plan(parts, List.of(up(1, "a"), up(2, "a"), up(3, "a"), up(4, "b")), Map.of(), Set.of()))
                .isEqualTo(BalancePlanner.Plan.NOTHING);
    }

    @Test
    void unownedPartitionsGoToTheirTopicsSparsestZoneWithoutCountingAsMoves() {
        List<PartitionInfo> parts = List.of(owned(ORDERS, 0, 1), owned(ORDERS, 1, null), owned(ORDERS, 2, null));
        BalancePlanner.Plan plan = plan(parts, List.of(up(1, "a"), up(2, "a"), up(3, "b")), Map.of(), Set.of());
        assertThat(plan.proposals()).isEmpty();
        assertThat(plan.assignments()).extracting(BalancePlanner.Assignment::target).containsExactly(3, 2);
    }

    @Test
    void aCrashedOwnersPartitionsWaitForItsWal() {
        BrokerInfo crashed = new BrokerInfo(2, "h", 1, "a", "UP", false, false);
        List<PartitionInfo> parts = topic(ORDERS, 4, 1, 2);
        assertThat(plan(parts, List.of(up(1, "a"), crashed), Map.of(), Set.of()).assignments()).isEmpty();
    }

    @Test
    void aHotBrokerWithMorePartitionsGivesTheQuietestOneAPartitionOfAboutHalfTheGap() {
        List<PartitionInfo> parts = new ArrayList<>(topic(ORDERS, 3, 1));
        parts.add(owned(ORDERS, 3, 2));
        parts.add(owned(ORDERS, 4, 2));
        Map<PartitionKey, Double> rates = Map.of(
                new PartitionKey(ORDERS, 0), 6 * MIB, new PartitionKey(ORDERS, 1), 3 * MIB, new PartitionKey(ORDERS, 2), 1 * MIB,
                new PartitionKey(ORDERS, 3), 1 * MIB, new PartitionKey(ORDERS, 4), 1 * MIB);
        BalancePlanner.Plan plan = plan(parts, List.of(up(1, "a"), up(2, "a")), rates, Set.of());
        // node 1 carries 10 MiB/s, node 2 2 MiB/s: moving the 3 MiB/s partition leaves 7 and 5.
        assertThat(plan.proposals()).singleElement().satisfies(p -> {
            assertThat(p.trigger()).isEqualTo(BalancePlanner.Trigger.BYTES);
            assertThat(p.moves()).extracting(m -> m.partition().partition()).containsExactly(1);
            assertThat(p.summary()).contains("{1=10.0 MiB/s, 2=2.0 MiB/s}").contains("{1=7.0 MiB/s, 2=5.0 MiB/s}");
        });
    }

    @Test
    void withEvenCountsTrafficIsBalancedBySwappingAHotPartitionForAColdOne() {
        List<PartitionInfo> parts = List.of(owned(ORDERS, 0, 1), owned(ORDERS, 1, 1), owned(ORDERS, 2, 2), owned(ORDERS, 3, 2));
        Map<PartitionKey, Double> rates = Map.of(new PartitionKey(ORDERS, 0), 8 * MIB, new PartitionKey(ORDERS, 1), 4 * MIB,
                new PartitionKey(ORDERS, 2), 0.5 * MIB, new PartitionKey(ORDERS, 3), 0.5 * MIB);
        BalancePlanner.Plan plan = plan(parts, List.of(up(1, "a"), up(2, "a")), rates, Set.of());
        assertThat(plan.proposals()).singleElement().satisfies(p -> assertThat(p.moves())
                .extracting(m -> m.partition().partition() + ":" + m.from() + "->" + m.to())
                .containsExactlyInAnyOrder("1:1->2", "2:2->1"));
        assertThat(countsAfter(parts, plan)).containsOnly(Map.entry(1, 2), Map.entry(2, 2));
    }

    @Test
    void trafficBelowTheThresholdsOrWithinTheCoolDownMovesNothing() {
        List<PartitionInfo> parts = List.of(owned(ORDERS, 0, 1), owned(ORDERS, 1, 2));
        Map<PartitionKey, Double> small = Map.of(new PartitionKey(ORDERS, 0), 0.6 * MIB, new PartitionKey(ORDERS, 1), 0.0);
        assertThat(plan(parts, List.of(up(1, "a"), up(2, "a")), small, Set.of())).isEqualTo(BalancePlanner.Plan.NOTHING);

        List<PartitionInfo> three = List.of(owned(ORDERS, 0, 1), owned(ORDERS, 1, 1), owned(ORDERS, 2, 2));
        Map<PartitionKey, Double> big = Map.of(new PartitionKey(ORDERS, 0), 6 * MIB, new PartitionKey(ORDERS, 1), 2 * MIB);
        List<BrokerInfo> brokers = List.of(up(1, "a"), up(2, "a"));
        assertThat(plan(three, brokers, big, Set.of()).proposals()).isNotEmpty();
        assertThat(plan(three, brokers, big, Set.of(new PartitionKey(ORDERS, 0), new PartitionKey(ORDERS, 1))))
                .isEqualTo(BalancePlanner.Plan.NOTHING);
        assertThat(BalancePlanner.plan(three, brokers, big, Set.of(), false, true, SETTINGS, id -> "orders"))
                .isEqualTo(BalancePlanner.Plan.NOTHING);
    }

    @Test
    void aSinglePartitionHotterThanTheGapIsNotBouncedBetweenBrokers() {
        List<PartitionInfo> parts = List.of(owned(ORDERS, 0, 1), owned(ORDERS, 1, 2));
        Map<PartitionKey, Double> rates = Map.of(new PartitionKey(ORDERS, 0), 20 * MIB);
        assertThat(plan(parts, List.of(up(1, "a"), up(2, "a")), rates, Set.of())).isEqualTo(BalancePlanner.Plan.NOTHING);
    }

    @Test
    void withBalancingSwitchedOffOnlyUnownedPartitionsArePlaced() {
        List<PartitionInfo> parts = new ArrayList<>(topic(ORDERS, 4, 1));
        parts.add(owned(ORDERS, 4, null));
        BalancePlanner.Plan plan = BalancePlanner.plan(parts, List.of(up(1, "a"), up(2, "a")), Map.of(), Set.of(), true, false,
                SETTINGS, id -> "orders");
        assertThat(plan.proposals()).isEmpty();
        assertThat(plan.assignments()).extracting(BalancePlanner.Assignment::target).containsExactly(2);
    }

    @Test
    void aRoundPlansNoMoreMovesThanItsBudget() {
        List<PartitionInfo> parts = topic(ORDERS, 40, 1);
        BalancePlanner.Plan plan = BalancePlanner.plan(parts, List.of(up(1, "a"), up(2, "a")), Map.of(), Set.of(), true, true,
                new BalancePlanner.Settings(0.25, MIB, 5), id -> "orders");
        assertThat(plan.proposals().get(0).moves()).hasSize(5);
    }
}
