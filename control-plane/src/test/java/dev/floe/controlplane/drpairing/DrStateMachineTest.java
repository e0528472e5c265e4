package dev.floe.controlplane.drpairing;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.EnumSet;
import org.junit.jupiter.api.Test;

class DrStateMachineTest {

    @Test
    void plannedFailoverNeedsHealthyReplicationUnplannedAlsoWorksWhenBroken() {
        assertThat(DrStateMachine.next(DrState.REPLICATING, DrAction.PLANNED_FAILOVER, false))
                .contains(DrState.FAILING_OVER);
        assertThat(DrStateMachine.next(DrState.BROKEN, DrAction.PLANNED_FAILOVER, false)).isEmpty();
        assertThat(DrStateMachine.next(DrState.BROKEN, DrAction.UNPLANNED_FAILOVER, false))
                .contains(DrState.FAILING_OVER);
        assertThat(DrStateMachine.next(DrState.PROVISIONING, DrAction.UNPLANNED_FAILOVER, false)).isEmpty();
    }

    @Test
    void failbackOnlyFollowsACompletedFailover() {
        for (DrState state : EnumSet.complementOf(EnumSet.of(DrState.FAILED_OVER, DrState.FAILING_BACK))) {
            assertThat(DrStateMachine.next(state, DrAction.FAILBACK, false)).as(state.name()).isEmpty();
        }
        assertThat(DrStateMachine.next(DrState.FAILED_OVER, DrAction.FAILBACK, false)).contains(DrState.FAILING_BACK);
        assertThat(DrStateMachine.next(DrState.FAILING_BACK, DrAction.FAILBACK_COMPLETED, false))
                .contains(DrState.REPLICATING);
    }

    @Test
    void nothingStartsWhileAnOperationRunsButAnEndedOneMayBeRetried() {
        for (DrAction action : EnumSet.of(DrAction.PLANNED_FAILOVER, DrAction.UNPLANNED_FAILOVER, DrAction.FAILBACK,
                DrAction.DELETE)) {
            for (DrState state : DrState.values()) {
                assertThat(DrStateMachine.next(state, action, true)).as(state + " " + action).isEmpty();
            }
        }
        assertThat(DrStateMachine.next(DrState.FAILING_OVER, DrAction.UNPLANNED_FAILOVER, false))
                .contains(DrState.FAILING_OVER);
        assertThat(DrStateMachine.next(DrState.FAILING_OVER, DrAction.FAILBACK, false)).isEmpty();
    }

    @Test
    void aPairingCannotBeDeletedMidFailoverOrFailback() {
        assertThat(DrStateMachine.next(DrState.FAILING_OVER, DrAction.DELETE, false)).isEmpty();
        assertThat(DrStateMachine.next(DrState.FAILING_BACK, DrAction.DELETE, false)).isEmpty();
        assertThat(DrStateMachine.next(DrState.FAILED_OVER, DrAction.DELETE, false)).isPresent();
    }
}
