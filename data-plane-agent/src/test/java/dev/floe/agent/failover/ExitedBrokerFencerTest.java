package dev.floe.agent.failover;

import static org.assertj.core.api.Assertions.assertThat;

import dev.floe.agent.provider.ExitedLaunch;
import java.util.List;
import java.util.Set;
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
}
