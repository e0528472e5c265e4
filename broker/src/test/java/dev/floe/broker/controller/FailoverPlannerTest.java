package dev.floe.broker.controller;

import dev.floe.broker.catalog.BrokerInfo;
import dev.floe.broker.catalog.WalMove;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class FailoverPlannerTest {

    private static BrokerInfo up(int id) {
        return new BrokerInfo(id, "h", 9092, "z", "UP", false, true, 10 + id, "vol-" + id);
    }

    private static BrokerInfo lapsed(int id, String state, String volume) {
        return new BrokerInfo(id, "h", 9092, "z", state, false, false, 10 + id, volume);
    }

    private static BrokerInfo fenced(int id, boolean walClean) {
        return new BrokerInfo(id, "h", 9092, "z", "FENCED", walClean, false, 10 + id, "vol-" + id);
    }

    private static WalMove move(long id, int failed, int target, String state) {
        return new WalMove(id, failed, 10 + failed, "vol-" + failed, target, state, null);
    }

    @Test
    void aBrokerWhoseLeaseLapsedIsFencedAndItsVolumeRequestedForTheLeastBusyServingBroker() {
        List<FailoverPlanner.Action> plan = FailoverPlanner.plan(
                List.of(up(1), up(2), lapsed(3, "UP", "vol-3")), List.of(move(7, 4, 1, WalMove.ATTACHED)));
        assertThat(plan).containsExactly(new FailoverPlanner.Fence(3, 13), new FailoverPlanner.RequestMove(3, 13, "vol-3", 2));
    }

    @Test
    void liveBrokersAndCleanlyStoppedOnesAreLeftAlone() {
        BrokerInfo stopped = new BrokerInfo(4, "h", 1, "z", "STOPPED", true, false, 14, "vol-4");
        assertThat(FailoverPlanner.plan(List.of(up(1), up(2), stopped), List.of())).isEmpty();
    }

    @Test
    void aBrokerWithoutAVolumeIdIsFencedButWaitsForItsOwnRestart() {
        assertThat(FailoverPlanner.plan(List.of(up(1), lapsed(2, "RECOVERING", null)), List.of()))
                .containsExactly(new FailoverPlanner.Fence(2, 12));
    }

    @Test
    void aFencedBrokerWithAMoveInFlightOrAWalAlreadyRecoveredGetsNoNewRequest() {
        assertThat(FailoverPlanner.plan(List.of(up(1), fenced(2, false)), List.of(move(1, 2, 1, WalMove.REQUESTED)))).isEmpty();
        assertThat(FailoverPlanner.plan(List.of(up(1), fenced(2, true)), List.of())).isEmpty();
    }

    @Test
    void aFencedBrokerWaitsForAServingTargetAndGetsOneWhenItAppears() {
        assertThat(FailoverPlanner.plan(List.of(fenced(2, false)), List.of())).isEmpty();
        assertThat(FailoverPlanner.plan(List.of(up(1), fenced(2, false)), List.of()))
                .containsExactly(new FailoverPlanner.RequestMove(2, 12, "vol-2", 1));
    }

    @Test
    void aMoveWhoseTargetStoppedServingIsRetargetedToAServingBroker() {
        List<FailoverPlanner.Action> plan = FailoverPlanner.plan(
                List.of(up(1), fenced(2, false), fenced(3, false)), List.of(move(5, 3, 2, WalMove.ATTACHED)));
        // Node 2 (the old target) is itself fenced: its own WAL and node 3's both go to node 1.
        assertThat(plan).containsExactlyInAnyOrder(new FailoverPlanner.RequestMove(2, 12, "vol-2", 1),
                new FailoverPlanner.Retarget(5, 1));
    }

    @Test
    void aMoveTheAgentGaveUpOnIsNotRequestedAgainForThatIncarnation() {
        assertThat(FailoverPlanner.plan(List.of(up(1), fenced(2, false)), List.of(), java.util.Set.of(12L))).isEmpty();
        assertThat(FailoverPlanner.plan(List.of(up(1), fenced(2, false)), List.of(), java.util.Set.of(99L)))
                .containsExactly(new FailoverPlanner.RequestMove(2, 12, "vol-2", 1));
    }

    @Test
    void aDeadBrokersVolumeGoesToAServingBrokerOfItsOwnZoneWhenThereIsOne() {
        BrokerInfo b1 = new BrokerInfo(1, "h", 9092, "zone-a", "UP", false, true, 11, "vol-1");
        BrokerInfo b2 = new BrokerInfo(2, "h", 9092, "zone-b", "UP", false, true, 12, "vol-2");
        BrokerInfo dead = new BrokerInfo(3, "h", 9092, "zone-b", "FENCED", false, false, 13, "vol-3");
        assertThat(FailoverPlanner.plan(List.of(b1, b2, dead), List.of())).containsExactly(new FailoverPlanner.RequestMove(3, 13, "vol-3", 2));
        BrokerInfo lonely = new BrokerInfo(3, "h", 9092, "zone-c", "FENCED", false, false, 13, "vol-3");
        assertThat(FailoverPlanner.plan(List.of(b1, b2, lonely), List.of())).containsExactly(new FailoverPlanner.RequestMove(3, 13, "vol-3", 1));
    }
}
