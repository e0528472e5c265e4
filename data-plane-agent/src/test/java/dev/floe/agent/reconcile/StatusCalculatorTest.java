package dev.floe.agent.reconcile;

import static org.assertj.core.api.Assertions.assertThat;

import dev.floe.agent.controlplane.ClusterStatus;
import dev.floe.agent.controlplane.Condition;
import dev.floe.agent.health.BrokerHealth;
import dev.floe.agent.provider.BrokerInstance;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class StatusCalculatorTest {

    private static final Instant T0 = Instant.parse("2026-11-21T12:00:00Z");
    private static final Instant T1 = Instant.parse("2026-11-21T12:05:00Z");

    private static BrokerInstance broker(int node, BrokerInstance.State state) {
        return new BrokerInstance("i-" + node, "c", node, "zone-a", "127.0.0.1", 19090 + node, state, null, null);
    }

    private static final List<BrokerInstance> THREE = List.of(broker(1, BrokerInstance.State.RUNNING),
            broker(2, BrokerInstance.State.RUNNING), broker(3, BrokerInstance.State.RUNNING));

    private static List<BrokerHealth> health(boolean... up) {
        return java.util.stream.IntStream.range(0, up.length)
                .mapToObj(i -> new BrokerHealth(i + 1, up[i], up[i] ? "ok" : "connection refused", 0)).toList();
    }

    private static Condition ready(ClusterStatus status) {
        return status.conditions().stream().filter(c -> c.type().equals("Ready")).findFirst().orElseThrow();
    }

    @Test
    void allBrokersUpIsRunningWithBootstrapServers() {
        ClusterStatus status = StatusCalculator.provisioned(3, THREE, health(true, true, true), 3, null,
                ClusterRecord.empty("c"), T0);
        assertThat(status.phase()).isEqualTo("RUNNING");
        assertThat(status.observedGeneration()).isEqualTo(3);
        assertThat(status.bootstrapServers()).isEqualTo("127.0.0.1:19091,127.0.0.1:19092,127.0.0.1:19093");
        assertThat(ready(status).status()).isEqualTo("True");
        assertThat(ready(status).message()).isEqualTo("3/3 brokers up");
        assertThat(status.brokers()).extracting(b -> b.state()).containsOnly("UP");
    }

    @Test
    void aBrokerDownAfterTheGenerationWasAppliedIsDegradedWithTheReason() {
        ClusterStatus status = StatusCalculator.provisioned(3, THREE, health(true, false, true), 3, null,
                new ClusterRecord("c", 3, List.of()), T0);
        assertThat(status.phase()).isEqualTo("DEGRADED");
        assertThat(ready(status).reason()).isEqualTo("BrokersDown");
        assertThat(ready(status).message()).contains("2/3 brokers up").contains("broker 2: connection refused");
    }

    @Test
    void notYetUpIsProvisioningForANewClusterAndUpdatingForAChangedOne() {
        assertThat(StatusCalculator.provisioned(1, THREE, health(true, false, false), 3, null,
                ClusterRecord.empty("c"), T0).phase()).isEqualTo("PROVISIONING");
        assertThat(StatusCalculator.provisioned(4, THREE, health(true, false, false), 5, null,
                new ClusterRecord("c", 3, List.of()), T0).phase()).isEqualTo("UPDATING");
    }

    @Test
    void badInputFailsWithTheFieldNamedAndRetryableTroubleDoesNot() {
        StepFailure invalid = StepFailure.of("validateSpec", new InvalidSpecException("cluster.tier", "unknown tier"));
        ClusterStatus failed = StatusCalculator.provisioned(1, List.of(), List.of(), 0, invalid,
                ClusterRecord.empty("c"), T0);
        assertThat(failed.phase()).isEqualTo("FAILED");
        assertThat(ready(failed).reason()).isEqualTo("InvalidSpec");
        assertThat(ready(failed).message()).contains("cluster.tier");

        StepFailure throttled = StepFailure.of("ensureBucket", new dev.floe.agent.provider.ProviderException(
                "Throttled", "slow down", true, null));
        ClusterStatus retrying = StatusCalculator.provisioned(1, List.of(), List.of(), 3, throttled,
                ClusterRecord.empty("c"), T0);
        assertThat(retrying.phase()).isEqualTo("PROVISIONING");
        assertThat(ready(retrying).reason()).isEqualTo("Throttled");
    }

    @Test
    void aConditionKeepsItsTransitionTimeWhileItsStatusStaysTheSame() {
        ClusterStatus first = StatusCalculator.provisioned(3, THREE, health(true, true, true), 3, null,
                ClusterRecord.empty("c"), T0);
        ClusterRecord record = new ClusterRecord("c", 3, first.conditions());
        ClusterStatus again = StatusCalculator.provisioned(3, THREE, health(true, true, true), 3, null, record, T1);
        assertThat(ready(again).lastTransitionTime()).isEqualTo(T0);
        ClusterStatus down = StatusCalculator.provisioned(3, THREE, health(true, false, true), 3, null, record, T1);
        assertThat(ready(down).lastTransitionTime()).isEqualTo(T1);
    }

    @Test
    void teardownReportsDeletedOnlyWhenEveryStepSucceeded() {
        assertThat(StatusCalculator.tornDown(5, null, ClusterRecord.empty("c"), T0).deleted()).isTrue();
        StepFailure failure = StepFailure.of("deleteBucket", new IllegalStateException("bucket busy"));
        ClusterStatus status = StatusCalculator.tornDown(5, failure, ClusterRecord.empty("c"), T0);
        assertThat(status.deleted()).isFalse();
        assertThat(status.phase()).isEqualTo("DELETING");
        assertThat(status.conditions().get(0).message()).contains("deleteBucket").contains("bucket busy");
    }
}
