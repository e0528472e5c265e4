package dev.floe.agent.failover;

import static org.assertj.core.api.Assertions.assertThat;

import dev.floe.agent.controlplane.StepEvent;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class ReplacementStepsTest {

    private static final Instant LAPSED = Instant.parse("2026-11-21T12:00:00Z");
    private static final Instant FENCED = Instant.parse("2026-11-21T12:00:00.600Z");
    private static final Instant REQUESTED = Instant.parse("2026-11-21T12:00:00.700Z");
    private static final Instant ATTACHED = Instant.parse("2026-11-21T12:00:00.900Z");
    private static final Instant RECOVERED = Instant.parse("2026-11-21T12:00:01.400Z");
    private static final Instant UP = Instant.parse("2026-11-21T12:00:04Z");
    private static final Duration TIMEOUT = Duration.ofMinutes(5);

    private static ReplacementProgress.Move move(String state, Instant attached, Instant recovered) {
        return new ReplacementProgress.Move(3, 2, 7, "node-2", 1, state, REQUESTED, attached, recovered, "why");
    }

    private static final ReplacementProgress.Node FENCED_NODE =
            new ReplacementProgress.Node(7, "FENCED", LAPSED, FENCED, "lease lapsed", false, 4, REQUESTED);

    private static List<String> names(List<StepEvent> events) {
        return events.stream().map(e -> e.step() + ":" + e.state()).toList();
    }

    private static StepEvent last(List<StepEvent> events) {
        return events.get(events.size() - 1);
    }

    @Test
    void aFreshMoveShowsDetectionDoneWithTheLeaseAndFencingTimesAndTheVolumeMoving() {
        ReplacementProgress.Move move = move("REQUESTED", null, null);
        List<StepEvent> events = ReplacementSteps.due(move, ReplacementSteps.Detection.of(move, FENCED_NODE),
                FENCED_NODE, TIMEOUT);

        assertThat(names(events)).containsExactly("detect:RUNNING", "detect:SUCCEEDED", "attachVolume:RUNNING");
        assertThat(events.get(0).time()).isEqualTo(LAPSED);
        assertThat(events.get(0).message()).contains("lease lapsed");
        assertThat(events.get(1).time()).isEqualTo(FENCED);
        assertThat(events.get(1).message()).contains("fenced 600 ms later").contains("requested 100 ms after");
    }

    @Test
    void aBrokerTheAgentSawExitIsDetectedWhenFencedBeforeItsLeaseWouldHaveLapsed() {
        Instant died = Instant.parse("2026-11-21T11:59:56.200Z");
        ReplacementProgress.Node fencedByAgent = new ReplacementProgress.Node(7, "FENCED", LAPSED, died,
                "process exited (seen by the agent)", true, 4, REQUESTED);
        ReplacementProgress.Move move = move("REQUESTED", null, null);
        ReplacementSteps.Detection detection = ReplacementSteps.Detection.of(move, fencedByAgent);

        List<StepEvent> events = ReplacementSteps.due(move, detection, fencedByAgent, TIMEOUT);

        assertThat(detection.startedAt()).isEqualTo(died);
        assertThat(detection.summary()).isEqualTo("was fenced (process exited (seen by the agent))");
        assertThat(events.get(0).time()).isEqualTo(died);
        assertThat(events.get(0).message()).contains("process exited (seen by the agent)");
        assertThat(events.get(1).time()).isEqualTo(died);
        assertThat(events.get(1).message()).contains("fenced at once, 3800 ms before its lease would have lapsed");
    }

    @Test
    void aRecoveredMoveWaitsForTheNewIncarnationBeforeTheReplacementSucceeds() {
        ReplacementProgress.Move move = move("RECOVERED", ATTACHED, RECOVERED);
        ReplacementSteps.Detection detection = ReplacementSteps.Detection.of(move, FENCED_NODE);
        ReplacementProgress.Node reassigned = new ReplacementProgress.Node(7, "FENCED", LAPSED, FENCED, null, false,
                0, RECOVERED.plusMillis(800));
        ReplacementProgress.Node replaced = new ReplacementProgress.Node(9, "UP", UP.plusSeconds(5), null, null,
                true, 2, UP);

        assertThat(names(ReplacementSteps.due(move, detection, reassigned, TIMEOUT))).endsWith(
                "recoverWal:SUCCEEDED", "reassignPartitions:RUNNING", "replaceBroker:RUNNING",
                "reassignPartitions:SUCCEEDED");
        StepEvent done = last(ReplacementSteps.due(move, detection, replaced, TIMEOUT));
        assertThat(done.step() + ":" + done.state()).isEqualTo("replaceBroker:SUCCEEDED");
        assertThat(done.time()).isEqualTo(UP);
        assertThat(done.message()).contains("incarnation 9").contains("2600 ms after recovery")
                .contains("4000 ms after it was found dead");
    }

    @Test
    void aReplacementThatDoesNotComeUpWithinTheTimeoutFailsItsLastStep() {
        ReplacementProgress.Move move = move("RECOVERED", ATTACHED, RECOVERED);
        ReplacementSteps.Detection detection = ReplacementSteps.Detection.of(move, FENCED_NODE);
        ReplacementProgress.Node stillDown = new ReplacementProgress.Node(9, "RECOVERING", UP, null, null, false, 0,
                RECOVERED.plus(TIMEOUT));

        StepEvent failed = last(ReplacementSteps.due(move, detection, stillDown, TIMEOUT));

        assertThat(failed.step() + ":" + failed.state()).isEqualTo("replaceBroker:FAILED");
        assertThat(failed.time()).isEqualTo(RECOVERED.plus(TIMEOUT));
        assertThat(failed.message()).contains("node 2 is not UP 5 min after its WAL was recovered")
                .contains("incarnation 9, state RECOVERING, no live lease");
    }

    @Test
    void aReplacementStillWithinTheTimeoutKeepsRunning() {
        ReplacementProgress.Move move = move("RECOVERED", ATTACHED, RECOVERED);
        ReplacementSteps.Detection detection = ReplacementSteps.Detection.of(move, FENCED_NODE);
        ReplacementProgress.Node starting = new ReplacementProgress.Node(9, "RECOVERING", UP, null, null, true, 0,
                RECOVERED.plus(TIMEOUT).minusMillis(1));

        assertThat(names(ReplacementSteps.due(move, detection, starting, TIMEOUT)))
                .doesNotContain("replaceBroker:FAILED").contains("replaceBroker:RUNNING");
    }

    @Test
    void aFailedMoveFailsTheStepThatWasUnderWay() {
        ReplacementProgress.Move move = move("FAILED", ATTACHED, null);
        List<StepEvent> events = ReplacementSteps.due(move, ReplacementSteps.Detection.of(move, FENCED_NODE),
                FENCED_NODE, TIMEOUT);

        assertThat(names(events)).endsWith("recoverWal:RUNNING", "recoverWal:FAILED");
        assertThat(last(events).message()).contains("why");
    }

    @Test
    void aMoveTheAgentGaveUpOnFailsAttachVolumeWithItsReasonAndTheRestartInPlaceAddsNothing() {
        ReplacementProgress.Move gaveUp = new ReplacementProgress.Move(3, 2, 7, "vol-2", 1, "FAILED", REQUESTED, null,
                null, "agent gave up moving WAL volume vol-2 of node 2 to node 1 after 1 attempt: VolumeInOtherZone: "
                + "EBS volumes are zonal; node 2 is restarted on its own volume instead");
        ReplacementSteps.Detection detection = ReplacementSteps.Detection.of(gaveUp, FENCED_NODE);
        ReplacementProgress.Node restartedInPlace = new ReplacementProgress.Node(9, "UP", UP, null, null, true, 3, UP);

        for (ReplacementProgress.Node node : List.of(FENCED_NODE, restartedInPlace)) {
            List<StepEvent> events = ReplacementSteps.due(gaveUp, detection, node, TIMEOUT);
            assertThat(names(events)).containsExactly("detect:RUNNING", "detect:SUCCEEDED", "attachVolume:RUNNING",
                    "attachVolume:FAILED");
            assertThat(last(events).message()).isEqualTo("WAL move 3 failed: " + gaveUp.message());
        }
    }

    @Test
    void aMoveFirstSeenAfterTheNodeCameBackIsTimedFromItsRequest() {
        ReplacementProgress.Move move = move("RECOVERED", ATTACHED, RECOVERED);
        ReplacementProgress.Node back = new ReplacementProgress.Node(9, "UP", UP, null, null, true, 1, UP);

        ReplacementSteps.Detection detection = ReplacementSteps.Detection.of(move, back);

        assertThat(detection.startedAt()).isEqualTo(REQUESTED);
        assertThat(detection.fencedAt()).isEqualTo(REQUESTED);
        assertThat(detection.cause()).isNull();
    }
}
