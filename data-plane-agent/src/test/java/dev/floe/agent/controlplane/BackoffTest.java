package dev.floe.agent.controlplane;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class BackoffTest {

    @Test
    void delaysGrowExponentiallyUpToTheCapAndResetAfterSuccess() {
        Backoff backoff = new Backoff(Duration.ofMillis(100), Duration.ofSeconds(2));
        long[] upper = {100, 200, 400, 800, 1600, 2000, 2000};
        for (long bound : upper) {
            Duration d = backoff.nextDelay();
            assertThat(d.toMillis()).isBetween(bound / 2, bound);
        }
        backoff.reset();
        assertThat(backoff.nextDelay().toMillis()).isBetween(50L, 100L);
    }
}
