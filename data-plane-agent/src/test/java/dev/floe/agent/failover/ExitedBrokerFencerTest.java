package dev.floe.agent.failover;

import static org.assertj.core.api.Assertions.assertThat;

import dev.floe.agent.provider.BrokerInstance;
import dev.floe.agent.provider.BrokerInstances;
import dev.floe.agent.provider.BrokerLaunch;
import dev.floe.agent.provider.CatalogConnection;
import dev.floe.agent.provider.ExitedLaunch;
import dev.floe.agent.support.ManualClock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class ExitedBrokerFencerTest {

    @Test
    void everyExitedLaunchIsFencedOnceAndASettledOneIsNotTriedAgain() {
        ExitedLaunch first = new ExitedLaunch(1, "launch-a", "pid 10 has exited");
        ExitedLaunch second = new ExitedLaunch(2, "launch-b", "pid 11 has exited");

        assertThat(ExitedBrokerFencer.due(List.of(first, second), Set.of())).containsExactly(first, second);
        assertThat(ExitedBrokerFencer.due(List.of(first, second), Set.of("launch-a"))).containsExactly(second);
    }

    @Test
    void nothingIsFencedWithoutAnExitedLaunch() {
        assertThat(ExitedBrokerFencer.due(List.of(), Set.of("launch-a"))).isEmpty();
    }

    @Test
    void theProviderIsAskedPerClusterNoMoreOftenThanItsLookIntervalAllows() {
        ManualClock clock = new ManualClock(Instant.parse("2026-01-01T00:00:00Z"));
        ExitedBrokerFencer fencer = new ExitedBrokerFencer(new LaunchFences(), clock);
        CountingLooks cloud = new CountingLooks(Duration.ofSeconds(2));
        CatalogConnection catalog = new CatalogConnection("jdbc:postgresql://127.0.0.1:1/unused", "postgres", "");

        fencer.fenceExited("c1", cloud, catalog);
        clock.advance(Duration.ofMillis(250));
        fencer.fenceExited("c1", cloud, catalog);
        fencer.fenceExited("c2", cloud, catalog);
        assertThat(cloud.looks).hasValue(2);

        clock.advance(Duration.ofMillis(1750));
        fencer.fenceExited("c1", cloud, catalog);
        assertThat(cloud.looks).hasValue(3);
    }

    /** A provider whose looks cost something: it counts them, and has seen nothing exit. */
    private static final class CountingLooks implements BrokerInstances {
        final AtomicInteger looks = new AtomicInteger();
        private final Duration interval;

        CountingLooks(Duration interval) {
            this.interval = interval;
        }

        @Override
        public List<ExitedLaunch> exited(String clusterId) {
            looks.incrementAndGet();
            return List.of();
        }

        @Override
        public Duration exitedLookInterval() {
            return interval;
        }

        @Override
        public List<BrokerInstance> describe(String clusterId) {
            return List.of();
        }

        @Override
        public BrokerInstance launch(BrokerLaunch launch) {
            throw new UnsupportedOperationException();
        }

        @Override
        public void terminate(BrokerInstance instance) {
            throw new UnsupportedOperationException();
        }
    }
}
