package dev.floe.agent.failover;

import static org.assertj.core.api.Assertions.assertThat;

import dev.floe.agent.controlplane.StepEvent;
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

    private static ReplacementProgress.Move move(String state, Instant attached, Instant recovered) {
        return new ReplacementProgress.Move(3, 2, 7, "node-2", 1, state, REQUESTED, attached, recovered, "why");
    }

    private static final ReplacementProgress.Node FENCED_NODE =
            new ReplacementProgress.Node(7, "FENCED", LAPSED, FENCED, false, 4, REQUESTED);

    private static List<String> names(List<StepEvent> events) {
        return events.stream().map(e -> e.step() + ":" + e.state()).toList();
    }

    @Test
    void aFreshMoveShowsDetectionDoneWithTheLeaseAndFencingTimesAndTheVolumeMoving() {
        ReplacementProgress.Move move = move("REQUESTED", null, null);
        List<StepEvent> events = ReplacementSteps.due(move, ReplacementSteps.Detection.of(move, FENCED_NODE),
                FENCED_NODE);

        assertThat(names(events)).containsExactly("detect:RUNNING", "detect:SUCCEEDED", "attachVolume:RUNNING");
        assertThat(events.get(0).time()).isEqualTo(LAPSED);
        assertThat(events.get(1).time()).isEqualTo(FENCED);
        assertThat(events.get(1).message()).contains("fenced 600 ms later");
    }

    @Test
    void aRecoveredMoveWaitsForTheNewIncarnationBeforeTheReplacementSucceeds() {
        ReplacementProgress.Move move = move("RECOVERED", ATTACHED, RECOVERED);
        ReplacementSteps.Detection detection = ReplacementSteps.Detection.of(move, FENCED_NODE);
        ReplacementProgress.Node reassigned = new ReplacementProgress.Node(7, "FENCED", LAPSED, FENCED, false, 0,
                RECOVERED.plusMillis(800));
        ReplacementProgress.Node replaced = new ReplacementProgress.Node(9, "UP", UP.plusSeconds(5), null, true, 2,
                UP);

        assertThat(names(ReplacementSteps.due(move, detection, reassigned))).endsWith(
                "recoverWal:SUCCEEDED", "reassignPartitions:RUNNING", "replaceBroker:RUNNING",
                "reassignPartitions:SUCCEEDED");
        List<StepEvent> done = ReplacementSteps.due(move, detection, replaced);
        StepEvent last = done.get(done.size() - 1);
        assertThat(last.step() + ":" + last.state()).isEqualTo("replaceBroker:SUCCEEDED");
        assertThat(last.time()).isEqualTo(UP);
        assertThat(last.message()).contains("incarnation 9").contains("2600 ms after recovery")
                .contains("4000 ms after its lease lapsed");
    }

    @Test
    void aFailedMoveFailsTheStepThatWasUnderWay() {
        ReplacementProgress.Move move = move("FAILED", ATTACHED, null);
        List<StepEvent> events = ReplacementSteps.due(move, ReplacementSteps.Detection.of(move, FENCED_NODE),
                FENCED_NODE);

        assertThat(names(events)).endsWith("recoverWal:RUNNING", "recoverWal:FAILED");
        assertThat(events.get(events.size() - 1).message()).contains("why");
    }

    @Test
    void aMoveFirstSeenAfterTheNodeCameBackIsTimedFromItsRequest() {
        ReplacementProgress.Move move = move("RECOVERED", ATTACHED, RECOVERED);
        ReplacementProgress.Node back = new ReplacementProgress.Node(9, "UP", UP, null, true, 1, UP);

        ReplacementSteps.Detection detection = ReplacementSteps.Detection.of(move, back);

        assertThat(detection.leaseLapsedAt()).isEqualTo(REQUESTED);
        assertThat(detection.fencedAt()).isEqualTo(REQUESTED);
    }
}
