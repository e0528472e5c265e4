package dev.floe.broker.traffic;

import org.apache.kafka.common.TopicIdPartition;
import org.apache.kafka.common.Uuid;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class PartitionRatesTest {
    private static final long SECOND = 1_000_000_000L;
    private static final TopicIdPartition TP = new TopicIdPartition(Uuid.randomUuid(), 0, "t");

    @Test
    void theFirstRateIsTakenAsItIsAndLaterOnesAreSmoothed() {
        TrafficCounters counters = new TrafficCounters();
        PartitionRates rates = new PartitionRates(60_000);
        assertThat(rates.sample(0, counters.partitions())).isEmpty();
        counters.received(TP, 1);
        rates.sample(SECOND, counters.partitions()); // first sample of TP: no rate yet
        counters.received(TP, 5_000);
        Map<TopicIdPartition, PartitionRates.Rate> first = rates.sample(6 * SECOND, counters.partitions());
        assertThat(first.get(TP).in()).isCloseTo(1_000, within(0.01));
        // Five seconds of silence move the average a little (time constant 60 s), not to zero.
        double later = rates.sample(11 * SECOND, counters.partitions()).get(TP).in();
        assertThat(later).isCloseTo(1_000 * Math.exp(-5.0 / 60), within(0.01));
    }

    @Test
    void forgottenPartitionsStartOver() {
        TrafficCounters counters = new TrafficCounters();
        PartitionRates rates = new PartitionRates(60_000);
        counters.received(TP, 100);
        rates.sample(0, counters.partitions());
        rates.sample(SECOND, counters.partitions());
        counters.track(java.util.Set.of());
        assertThat(rates.sample(2 * SECOND, counters.partitions())).isEmpty();
    }
}
