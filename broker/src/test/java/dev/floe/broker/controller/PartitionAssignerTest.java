package dev.floe.broker.controller;

import dev.floe.broker.catalog.BrokerInfo;
import dev.floe.broker.catalog.CatalogTopics;
import dev.floe.broker.catalog.ClusterSnapshot;
import dev.floe.broker.catalog.PartitionInfo;
import dev.floe.broker.catalog.PartitionKey;
import dev.floe.broker.catalog.TopicInfo;
import org.apache.kafka.common.TopicIdPartition;
import org.apache.kafka.common.Uuid;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

class PartitionAssignerTest {
    private static final Uuid T = Uuid.randomUuid();

    private static BrokerInfo up(int id, String zone) {
        return new BrokerInfo(id, "h", 9092, zone, "UP", false, true);
    }

    private static PartitionInfo owned(Uuid topic, int p, Integer owner) {
        return new PartitionInfo(topic, p, owner, 1, 0, 0, null);
    }

    @Test
    void aCrashedBrokersPartitionsWaitForItsWalButACleanlyStoppedOnesMayMoveAtOnce() {
        BrokerInfo crashed = new BrokerInfo(3, "h", 1, "z", "UP", false, false);
        BrokerInfo stopped = new BrokerInfo(4, "h", 1, "z", "STOPPED", true, false);
        Map<Integer, BrokerInfo> brokers = Map.of(3, crashed, 4, stopped);
        assertThat(PartitionAssigner.reassignable(owned(T, 0, 3), brokers)).isFalse();
        assertThat(PartitionAssigner.reassignable(owned(T, 1, 4), brokers)).isTrue();
        assertThat(PartitionAssigner.reassignable(owned(T, 2, null), brokers)).isTrue();
        assertThat(PartitionAssigner.reassignable(owned(T, 3, 9), brokers)).isTrue();
    }

    @Test
    void aNewTopicGoesToTheLeastLoadedBrokersFirstAndThenRoundRobin() {
        List<Integer> owners = PartitionAssigner.spread(null, 5, List.of(up(1, "z"), up(2, "z"), up(3, "z")),
                List.of(owned(Uuid.randomUuid(), 0, 1), owned(Uuid.randomUuid(), 0, 2)));
        assertThat(owners).containsExactly(3, 1, 2, 3, 1);
    }

    @Test
    void aNewTopicAlternatesZonesSoEachZoneHoldsItsShare() {
        List<BrokerInfo> brokers = List.of(up(1, "a"), up(2, "a"), up(3, "a"), up(4, "b"));
        List<Integer> owners = PartitionAssigner.spread(null, 4, brokers, List.of());
        assertThat(owners.stream().filter(o -> o == 4).count()).isEqualTo(2);
        assertThat(owners.subList(0, 2)).containsExactlyInAnyOrder(1, 4);
    }

    @Test
    void addedPartitionsEvenOutTheTopicsOwnSpread() {
        List<PartitionInfo> existing = List.of(owned(T, 0, 1), owned(T, 1, 1));
        assertThat(PartitionAssigner.spread(T, 2, List.of(up(1, "z"), up(2, "z")), existing)).containsExactly(2, 2);
    }

    @Test
    void withoutServingBrokersNewPartitionsStayUnassigned() {
        assertThat(PartitionAssigner.spread(null, 2, List.of(), List.of())).containsExactly(null, null);
    }

    @Test
    void aDrainingBrokersPartitionsGoToTheLeastLoadedServingBrokersOfTheirTopicsSparsestZone() {
        BrokerInfo draining = new BrokerInfo(1, "h", 9092, "a", "DRAINING", false, true);
        List<BrokerInfo> brokers = List.of(draining, up(2, "a"), up(3, "b"), up(4, "b"));
        List<PartitionInfo> all = new ArrayList<>();
        all.add(owned(T, 0, 1));
        all.add(owned(T, 1, 1));
        all.add(owned(T, 2, 3));
        all.add(owned(T, 3, 4));
        Map<PartitionKey, Integer> targets = PartitionAssigner.drainTargets(all.subList(0, 2), all, brokers);
        // Zone b already holds two of the topic's partitions and zone a none once node 1 leaves: both go to node 2.
        assertThat(targets).containsExactly(Map.entry(new PartitionKey(T, 0), 2), Map.entry(new PartitionKey(T, 1), 2));
    }

    @Test
    void aLastBrokerDrainsToNobody() {
        BrokerInfo draining = new BrokerInfo(1, "h", 9092, "a", "DRAINING", false, true);
        assertThat(PartitionAssigner.drainTargets(List.of(owned(T, 0, 1)), List.of(owned(T, 0, 1)), List.of(draining))).isEmpty();
    }

    @Test
    void aRecoveredBrokersPartitionsAndSlotsAreSpreadOverTheServingBrokersAtTheEpochsRead() {
        Uuid slotsId = Uuid.randomUuid();
        TopicInfo slots = new TopicInfo(slotsId, Controller.GROUP_SLOTS_TOPIC, 3, true, Map.of());
        TopicInfo orders = new TopicInfo(T, "orders", 6, false, Map.of());
        BrokerInfo fenced = new BrokerInfo(1, "h", 9092, "z", BrokerInfo.FENCED, true, false);
        Map<TopicIdPartition, PartitionInfo> partitions = new LinkedHashMap<>();
        for (int p = 0; p < 6; p++) {
            partitions.put(new TopicIdPartition(T, p, "orders"), new PartitionInfo(T, p, 1 + p % 3, 7, 0, 0, null));
        }
        for (int p = 0; p < 3; p++) {
            partitions.put(new TopicIdPartition(slotsId, p, slots.name()), new PartitionInfo(slotsId, p, 1 + p, 4, 0, 0, null));
        }
        ClusterSnapshot s = new ClusterSnapshot(List.of(fenced, up(2, "z"), up(3, "z")),
                Map.of(slots.name(), slots, orders.name(), orders), Map.of(slotsId, slots, T, orders), partitions, 2);

        List<CatalogTopics.Assignment> successors = PartitionAssigner.successors(s, 1);

        assertThat(successors).extracting(CatalogTopics.Assignment::topicId, CatalogTopics.Assignment::partition,
                        CatalogTopics.Assignment::expectedEpoch)
                .containsExactlyInAnyOrder(tuple(T, 0, 7), tuple(T, 3, 7), tuple(slotsId, 0, 4));
        assertThat(successors).extracting(CatalogTopics.Assignment::owner).doesNotContain(1).doesNotContainNull();
        // orders-0 and orders-3 split between the two serving brokers, each then holding three of the topic's six
        assertThat(successors.stream().filter(a -> a.topicId().equals(T)).map(CatalogTopics.Assignment::owner))
                .containsExactlyInAnyOrder(2, 3);
    }

    @Test
    void aSnapshotThatStillShowsTheFailedBrokerServingNeverMakesItItsOwnSuccessor() {
        TopicInfo orders = new TopicInfo(T, "orders", 4, false, Map.of());
        Map<TopicIdPartition, PartitionInfo> partitions = new LinkedHashMap<>();
        for (int p = 0; p < 4; p++) {
            partitions.put(new TopicIdPartition(T, p, "orders"), owned(T, p, p < 3 ? 1 : 2));
        }
        // the snapshot predates node 1's fencing: it looks UP, yet it is the one whose partitions need new owners
        ClusterSnapshot stale = new ClusterSnapshot(List.of(up(1, "z"), up(2, "z")), Map.of("orders", orders), Map.of(T, orders),
                partitions, 1);
        assertThat(PartitionAssigner.successors(stale, 1)).hasSize(3)
                .extracting(CatalogTopics.Assignment::owner).containsOnly(2);
    }

    @Test
    void withNobodyServingARecoveredBrokersPartitionsHaveNoSuccessors() {
        TopicInfo orders = new TopicInfo(T, "orders", 1, false, Map.of());
        BrokerInfo fenced = new BrokerInfo(1, "h", 9092, "z", BrokerInfo.FENCED, true, false);
        ClusterSnapshot s = new ClusterSnapshot(List.of(fenced), Map.of("orders", orders), Map.of(T, orders),
                Map.of(new TopicIdPartition(T, 0, "orders"), owned(T, 0, 1)), -1);
        assertThat(PartitionAssigner.successors(s, 1)).isEmpty();
    }
}
