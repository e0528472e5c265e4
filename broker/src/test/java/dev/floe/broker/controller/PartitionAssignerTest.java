package dev.floe.broker.controller;

import dev.floe.broker.catalog.BrokerInfo;
import dev.floe.broker.catalog.PartitionInfo;
import org.apache.kafka.common.Uuid;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class PartitionAssignerTest {
    private static final Uuid T = Uuid.randomUuid();

    private static BrokerInfo up(int id) {
        return new BrokerInfo(id, "h", 9092, "z", "UP", false, true);
    }

    private static PartitionInfo owned(int p, Integer owner) {
        return new PartitionInfo(T, p, owner, 1, 0, 0, null);
    }

    @Test
    void unownedPartitionsGoToTheLeastLoadedBrokers() {
        List<PartitionInfo> parts = List.of(owned(0, 1), owned(1, 1), owned(2, null), owned(3, null));
        List<PartitionAssigner.Decision> d = PartitionAssigner.plan(parts, List.of(up(1), up(2)));
        assertThat(d).extracting(PartitionAssigner.Decision::target).containsExactly(2, 2);
        assertThat(d).noneMatch(PartitionAssigner.Decision::move);
    }

    @Test
    void aCrashedBrokersPartitionsWaitForItsWalButACleanlyStoppedOnesMoveAtOnce() {
        BrokerInfo crashed = new BrokerInfo(3, "h", 1, "z", "UP", false, false);
        BrokerInfo stopped = new BrokerInfo(4, "h", 1, "z", "STOPPED", true, false);
        List<PartitionInfo> parts = List.of(owned(0, 3), owned(1, 4));
        List<PartitionAssigner.Decision> d = PartitionAssigner.plan(parts, List.of(up(1), crashed, stopped));
        assertThat(d).extracting(PartitionAssigner.Decision::partition).containsExactly(1);
    }

    @Test
    void anUnevenSpreadIsEvenedOutByMovesFromTheBusiestBroker() {
        List<PartitionInfo> parts = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            parts.add(owned(i, 1));
        }
        List<PartitionAssigner.Decision> d = PartitionAssigner.plan(parts, List.of(up(1), up(2), up(3)));
        assertThat(d).allMatch(PartitionAssigner.Decision::move);
        assertThat(d).extracting(PartitionAssigner.Decision::target).containsExactlyInAnyOrder(2, 2, 3, 3);
    }

    @Test
    void aNewTopicIsSpreadRoundRobinStartingWithTheLeastLoaded() {
        List<Integer> owners = PartitionAssigner.spread(5, List.of(up(1), up(2), up(3)), List.of(owned(0, 1), owned(1, 2)));
        assertThat(owners).containsExactly(3, 1, 2, 3, 1);
    }

    @Test
    void withoutServingBrokersNewPartitionsStayUnassigned() {
        assertThat(PartitionAssigner.spread(2, List.of(), List.of())).containsExactly(null, null);
        assertThat(PartitionAssigner.plan(List.of(owned(0, null)), List.of())).isEmpty();
    }
}
