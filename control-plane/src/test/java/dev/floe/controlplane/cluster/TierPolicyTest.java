package dev.floe.controlplane.cluster;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.floe.controlplane.api.ApiException;
import dev.floe.controlplane.tier.RecoveryTier;
import dev.floe.controlplane.tier.TierSettings;
import java.lang.reflect.Constructor;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TierPolicyTest {

    private static final RecoveryTier CRITICAL = tier("critical", 3, 3, "io2");
    private static final RecoveryTier STANDARD = tier("standard", 3, 1, "gp3");

    @Test
    void aCriticalClusterNeedsThreeZonesAndItsBrokersAndIo2() {
        assertThatCode(() -> TierPolicy.check(spec(3, List.of("a", "b", "c"), "io2"), CRITICAL, Map.of()))
                .doesNotThrowAnyException();
        assertViolation(() -> TierPolicy.check(spec(3, List.of("a"), "io2"), CRITICAL, Map.of()), "spec.zones");
        assertViolation(() -> TierPolicy.check(spec(2, List.of("a", "b", "c"), "io2"), CRITICAL, Map.of()),
                "spec.brokerCount");
        assertViolation(() -> TierPolicy.check(spec(3, List.of("a", "b", "c"), "gp3"), CRITICAL, Map.of()),
                "spec.walType");
    }

    @Test
    void everyZoneNeedsABrokerAndASubnetWhenTheEnvironmentListsThem() {
        assertViolation(() -> TierPolicy.check(spec(3, List.of("a", "b", "c", "d").subList(0, 3), "gp3"),
                tier("dev", 1, 1, "gp3"), Map.of("a", "subnet-a")), "spec.zones");
        assertViolation(() -> TierPolicy.check(spec(1, List.of("a", "b"), "gp3"), tier("dev", 1, 1, "gp3"),
                Map.of()), "spec.brokerCount");
        assertViolation(() -> TierPolicy.check(spec(3, List.of("a", "a"), "gp3"), STANDARD, Map.of()), "spec.zones");
        assertThatCode(() -> TierPolicy.check(spec(3, List.of("a"), "gp3"), STANDARD, Map.of("a", "subnet-a")))
                .doesNotThrowAnyException();
    }

    private static void assertViolation(org.assertj.core.api.ThrowableAssert.ThrowingCallable call, String field) {
        assertThatThrownBy(call).isInstanceOf(ApiException.class)
                .satisfies(e -> org.assertj.core.api.Assertions.assertThat(((ApiException) e).field())
                        .isEqualTo(field));
    }

    private static ClusterSpec spec(int brokers, List<String> zones, String walType) {
        return new ClusterSpec(brokers, "m7g.large", zones, 10, walType, 1000L, new ClusterSpec.Listener(9092, true));
    }

    private static RecoveryTier tier(String name, int minBrokers, int zones, String walType) {
        try {
            Constructor<RecoveryTier> constructor = RecoveryTier.class.getDeclaredConstructor(String.class,
                    TierSettings.class, Instant.class);
            constructor.setAccessible(true);
            return constructor.newInstance(name, new TierSettings(null, 0, 60, minBrokers, zones, false, null,
                    walType), Instant.EPOCH);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(e);
        }
    }
}
