package dev.floe.agent.failover;

import static org.assertj.core.api.Assertions.assertThat;

import dev.floe.agent.provider.BrokerInstance;
import dev.floe.agent.provider.BrokerInstance.State;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DeadBrokersTest {

    private static BrokerInstance instance(int node, State state, String launchId) {
        return new BrokerInstance("i-" + node, "c", node, "zone-a", "10.0.0." + node, 9092, state, "instance " + state,
                launchId);
    }

    @Test
    void aRunningInstanceWhoseOwnBrokerWasFencedIsDead() {
        BrokerInstance seen = DeadBrokers.asSeen(instance(1, State.RUNNING, "i-1"), Map.of(1, "i-1"));

        assertThat(seen.state()).isEqualTo(State.STOPPED);
        assertThat(seen.instanceId()).isEqualTo("i-1");
        assertThat(seen.detail()).contains("i-1", "fenced");
    }

    @Test
    void theFencedRowOfAnEarlierLaunchLeavesTheNewInstanceOfTheNodeAlone() {
        // The replacement boots while the catalog still holds the row the dead launch left behind.
        BrokerInstance replacement = instance(1, State.PENDING, "i-new");

        assertThat(DeadBrokers.asSeen(replacement, Map.of(1, "i-old"))).isEqualTo(replacement);
        assertThat(DeadBrokers.asSeen(instance(1, State.RUNNING, "i-new"), Map.of(1, "i-old")).state())
                .isEqualTo(State.RUNNING);
    }

    @Test
    void anInstanceWhoseLaunchIsUnknownOrNotFencedIsTakenAsTheProviderSeesIt() {
        BrokerInstance unknown = instance(1, State.RUNNING, null);
        BrokerInstance serving = instance(2, State.RUNNING, "i-2");
        BrokerInstance stopped = instance(3, State.STOPPED, "i-3");

        assertThat(DeadBrokers.asSeen(unknown, Map.of(1, "i-1"))).isEqualTo(unknown);
        assertThat(DeadBrokers.asSeen(serving, Map.of(1, "i-1"))).isEqualTo(serving);
        assertThat(DeadBrokers.asSeen(stopped, Map.of())).isEqualTo(stopped);
    }
}
