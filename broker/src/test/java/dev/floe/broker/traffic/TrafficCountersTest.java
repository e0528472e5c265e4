package dev.floe.broker.traffic;

import org.apache.kafka.common.TopicIdPartition;
import org.apache.kafka.common.Uuid;
import org.junit.jupiter.api.Test;

import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

class TrafficCountersTest {
    private static final TopicIdPartition A = new TopicIdPartition(Uuid.randomUuid(), 0, "a");
    private static final TopicIdPartition B = new TopicIdPartition(Uuid.randomUuid(), 1, "b");

    @Test
    void countersIgnoreNothingButNonPositiveAmountsAndAddUpPerPartition() {
        TrafficCounters c = new TrafficCounters();
        c.received(A, 100);
        c.received(A, -5);
        c.received(B, 20);
        c.sent(A, 40);
        c.sent(B, 0);
        assertThat(c.bytesIn()).isEqualTo(120);
        assertThat(c.bytesOut()).isEqualTo(40);
        assertThat(c.partitions().get(A).in().sum()).isEqualTo(100);
        assertThat(c.partitions().get(A).out().sum()).isEqualTo(40);
        assertThat(c.partitions().get(B).out().sum()).isZero();
    }

    @Test
    void trackingKeepsServedPartitionsOnlyAndStartsIdleOnesAtZero() {
        TrafficCounters c = new TrafficCounters();
        c.received(A, 100);
        TopicIdPartition idle = new TopicIdPartition(Uuid.randomUuid(), 2, "c");
        c.track(Set.of(B, idle));
        assertThat(c.partitions()).containsOnlyKeys(B, idle);
        assertThat(c.partitions().get(idle).in().sum()).isZero();
        assertThat(c.bytesIn()).isEqualTo(100); // the broker's totals keep what it served
    }
}
