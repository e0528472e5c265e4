package dev.floe.broker.traffic;

import dev.floe.broker.traffic.TrafficCounters;
import dev.floe.broker.traffic.TrafficSample;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Rates over the sliding window, computed from cumulative counters at explicit instants (no clock involved). */
class TrafficWindowTest {
    private static final long SECOND = 1_000_000_000L;

    @Test
    void rateIsBytesSinceTheFirstSampleWhileYoungerThanTheWindow() {
        TrafficWindow w = new TrafficWindow(60_000);
        w.sample(0, 0, 0);
        TrafficSample s = w.sample(10 * SECOND, 5_000, 20_000);
        assertThat(s.bytesInTotal()).isEqualTo(5_000);
        assertThat(s.bytesOutTotal()).isEqualTo(20_000);
        assertThat(s.bytesInPerSec()).isEqualTo(500.0);
        assertThat(s.bytesOutPerSec()).isEqualTo(2_000.0);
    }

    @Test
    void oldTrafficLeavesTheWindow() {
        TrafficWindow w = new TrafficWindow(60_000);
        w.sample(0, 0, 0);
        w.sample(SECOND, 60_000, 0);          // a burst in the first second
        for (int t = 2; t <= 120; t++) {
            w.sample(t * SECOND, 60_000, 0);  // then silence
        }
        assertThat(w.sample(121 * SECOND, 60_000, 0).bytesInPerSec()).isZero();
    }

    @Test
    void rateCoversAtLeastTheWholeWindow() {
        TrafficWindow w = new TrafficWindow(60_000);
        for (int t = 0; t <= 100; t++) {
            w.sample(t * SECOND, t * 100L, 0); // a steady 100 bytes per second
        }
        assertThat(w.sample(101 * SECOND, 10_100, 0).bytesInPerSec()).isEqualTo(100.0);
    }

    @Test
    void aSingleSampleHasNoRateYet() {
        assertThat(new TrafficWindow(60_000).sample(5 * SECOND, 1_000, 1_000).bytesInPerSec()).isZero();
    }

    @Test
    void aNonPositiveWindowIsRefused() {
        assertThatThrownBy(() -> new TrafficWindow(0)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("0 ms");
    }
}
