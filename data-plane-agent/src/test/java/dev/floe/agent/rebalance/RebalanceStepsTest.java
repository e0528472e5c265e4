package dev.floe.agent.rebalance;

import static org.assertj.core.api.Assertions.assertThat;

import dev.floe.agent.controlplane.StepEvent;
import dev.floe.agent.rebalance.RebalanceProgress.Move;
import dev.floe.agent.rebalance.RebalanceProgress.Rebalance;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class RebalanceStepsTest {

    private static final Instant PLANNED = Instant.parse("2026-11-21T12:00:00Z");
    private static final Instant COMPLETED = Instant.parse("2026-11-21T12:00:01.250Z");

    private static Rebalance rebalance(String state, Instant completedAt) {
        return new Rebalance(42, "BYTES", "node 2 takes 71% of bytes in", 1, state, PLANNED, completedAt, false);
    }

    private static Move move(long id, String topic, int partition, int from, int to, String state, long tookMs,
            String message) {
        Instant requested = PLANNED.plusMillis(10);
        return new Move(id, 42, topic, partition, from, to, state, requested,
                "REQUESTED".equals(state) ? null : requested.plusMillis(tookMs), message);
    }

    private static List<String> names(List<StepEvent> events) {
        return events.stream().map(e -> e.step() + ":" + e.state()).toList();
    }

    @Test
    void aRunningRebalanceShowsThePlanDoneAndHowManyPartitionsHaveMoved() {
        List<Move> moves = List.of(move(1, "orders", 3, 1, 4, "DONE", 180, null),
                move(2, "orders", 7, 2, 4, "REQUESTED", 0, null), move(3, "payments", 0, 2, 3, "REQUESTED", 0, null));

        List<StepEvent> events = RebalanceSteps.due(rebalance("RUNNING", null), moves);

        assertThat(names(events)).containsExactly("plan:RUNNING", "plan:SUCCEEDED", "movePartitions:RUNNING");
        assertThat(events).allSatisfy(e -> assertThat(e.time()).isEqualTo(PLANNED));
        assertThat(events.get(1).message()).as("the decision, its trigger first")
                .isEqualTo("BYTES: node 2 takes 71% of bytes in; 3 partition moves");
        assertThat(events.get(2).message()).isEqualTo("1 of 3 moved");
    }

    @Test
    void aFinishedRebalanceListsEveryMoveWithItsTimeAndTheCancelledOnesWithTheirReason() {
        List<Move> moves = List.of(move(1, "orders", 3, 1, 4, "DONE", 180, null),
                move(2, "orders", 7, 2, 4, "DONE", 95, null),
                move(3, "payments", 0, 2, 3, "CANCELLED", 40, "target node 3 stopped serving"));

        List<StepEvent> events = RebalanceSteps.due(rebalance("SUCCEEDED", COMPLETED), moves);

        assertThat(names(events)).containsExactly("plan:RUNNING", "plan:SUCCEEDED", "movePartitions:RUNNING",
                "movePartitions:SUCCEEDED");
        StepEvent done = events.get(3);
        assertThat(done.time()).isEqualTo(COMPLETED);
        assertThat(done.message()).isEqualTo("2 of 3 moved in 1250 ms: orders-3 1→4 (180 ms), orders-7 2→4 (95 ms);"
                + " 1 cancelled: payments-0 2→3 (target node 3 stopped serving)");
        assertThat(events.get(2).message()).isEqualTo("2 of 3 moved, 1 cancelled");
    }

    @Test
    void aLongMoveListIsCutWithHowManyWereLeftOut() {
        List<Move> moves = new ArrayList<>();
        for (int p = 0; p < 500; p++) {
            moves.add(move(p, "a-rather-long-topic-name-for-orders", p, 1, 2, "DONE", 100, null));
        }

        String message = RebalanceSteps.due(rebalance("SUCCEEDED", COMPLETED), moves).get(3).message();

        assertThat(message).startsWith("500 of 500 moved in 1250 ms: a-rather-long-topic-name-for-orders-0 1→2")
                .matches(".* … and \\d+ more$");
        assertThat(message.length()).isLessThan(RebalanceSteps.MAX_LIST_CHARS + 100);
    }

    @Test
    void theSummaryNamesTriggerPlannerReasonAndMoveCount() {
        assertThat(RebalanceSteps.summary(rebalance("RUNNING", null), List.of(move(1, "orders", 3, 1, 4, "DONE",
                180, null)))).isEqualTo("BYTES rebalance planned by node 1: node 2 takes 71% of bytes in "
                + "(1 partition move)");
    }
}
