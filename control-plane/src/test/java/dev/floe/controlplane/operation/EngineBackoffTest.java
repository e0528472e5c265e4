package dev.floe.controlplane.operation;

import static org.assertj.core.api.Assertions.assertThat;

import dev.floe.controlplane.operation.engine.EngineProperties;
import java.lang.reflect.Method;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class EngineBackoffTest {

    @Test
    void backoffDoublesPerFailedAttemptUpToTheMaximum() throws Exception {
        EngineProperties properties = new EngineProperties(true, Duration.ofMillis(500), 4, Duration.ofSeconds(30),
                Duration.ofSeconds(2), Duration.ofSeconds(10));
        Method backoff = EngineProperties.class.getDeclaredMethod("backoff", int.class);
        backoff.setAccessible(true);
        assertThat(backoff.invoke(properties, 1)).isEqualTo(Duration.ofSeconds(2));
        assertThat(backoff.invoke(properties, 2)).isEqualTo(Duration.ofSeconds(4));
        assertThat(backoff.invoke(properties, 3)).isEqualTo(Duration.ofSeconds(8));
        assertThat(backoff.invoke(properties, 4)).isEqualTo(Duration.ofSeconds(10));
        assertThat(backoff.invoke(properties, 60)).isEqualTo(Duration.ofSeconds(10));
    }
}
