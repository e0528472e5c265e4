package dev.floe.agent.reconcile;

import static org.assertj.core.api.Assertions.assertThat;

import dev.floe.agent.controlplane.DesiredState;
import dev.floe.agent.controlplane.PendingStep;
import dev.floe.agent.provider.BrokerIdentities;
import dev.floe.agent.provider.BrokerInstances;
import dev.floe.agent.provider.Buckets;
import dev.floe.agent.provider.CatalogDatabases;
import dev.floe.agent.provider.Provider;
import dev.floe.agent.provider.WalVolumes;
import dev.floe.agent.support.RecordingSink;
import dev.floe.agent.support.Specs;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class EnvironmentReconcilerTest {

    /** An environment without clusters touches no resource; this provider only has a name. */
    private static final Provider NAMED_ONLY = new Provider() {
        @Override public String name() { return "local"; }
        @Override public CatalogDatabases catalogs() { throw new UnsupportedOperationException(); }
        @Override public Buckets buckets() { throw new UnsupportedOperationException(); }
        @Override public BrokerIdentities identities() { throw new UnsupportedOperationException(); }
        @Override public WalVolumes volumes() { throw new UnsupportedOperationException(); }
        @Override public BrokerInstances instances() { throw new UnsupportedOperationException(); }
    };

    @Test
    void imperativeStepsThisAgentCannotPerformFailOnceWithTheReason() {
        RecordingSink sink = new RecordingSink();
        EnvironmentReconciler reconciler = new EnvironmentReconciler(NAMED_ONLY, null, null, sink, Clock.systemUTC());
        DesiredState desired = new DesiredState("env-1", 7, Specs.localEnvironment(), List.of(), List.of(),
                List.of(new PendingStep("op-failover", "FAILOVER", "promote-standby", "c-1", Map.of())));

        reconciler.reconcile(desired);
        reconciler.reconcile(desired);

        assertThat(sink.events()).hasSize(1);
        assertThat(sink.events().get(0).operationId()).isEqualTo("op-failover");
        assertThat(sink.events().get(0).event().step()).isEqualTo("promote-standby");
        assertThat(sink.events().get(0).event().state()).isEqualTo("FAILED");
        assertThat(sink.events().get(0).event().message()).contains("cannot perform FAILOVER step 'promote-standby'");
    }
}
