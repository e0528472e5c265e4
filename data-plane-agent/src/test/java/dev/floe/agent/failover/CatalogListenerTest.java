package dev.floe.agent.failover;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class CatalogListenerTest {

    @Test
    void walMoveAndBrokerChangesWakeTheWatcher() {
        assertThat(CatalogListener.wakes(List.of("wal_moves"))).isTrue();
        assertThat(CatalogListener.wakes(List.of("ownership", "brokers"))).isTrue();
    }

    @Test
    void ownershipAndTopicChangesDoNot() {
        assertThat(CatalogListener.wakes(List.of("ownership", "topics", "ownership"))).isFalse();
        assertThat(CatalogListener.wakes(List.of())).isFalse();
    }
}
