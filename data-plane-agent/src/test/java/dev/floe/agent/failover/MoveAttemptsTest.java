package dev.floe.agent.failover;

import static org.assertj.core.api.Assertions.assertThat;

import dev.floe.agent.provider.ProviderException;
import dev.floe.agent.support.ManualClock;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class MoveAttemptsTest {

    private static final WalMoveRequests.Request MOVE = new WalMoveRequests.Request(7, 1, "vol-1", 2);
    private final ManualClock clock = new ManualClock(Instant.parse("2026-01-01T00:00:00Z"));
    private final MoveAttempts attempts = new MoveAttempts(clock);

    private static ProviderException refusal(String reason, boolean retryable) {
        return new ProviderException(reason, reason + " for the test", retryable, null);
    }

    @Test
    void aTargetInAnotherZoneEndsTheMoveAtOnce() {
        MoveAttempts.Outcome outcome = attempts.failed("c1", MOVE, refusal("VolumeInOtherZone", false));

        assertThat(outcome.giveUp()).isTrue();
        assertThat(outcome.failures()).isEqualTo(1);
    }

    @Test
    void everyRefusalTheProviderCallsNotRetryableEndsTheMove() {
        for (String reason : Set.of("AccessDenied", "AwsApiError")) {
            assertThat(MoveAttempts.permanent(refusal(reason, false), 1)).as(reason).isTrue();
        }
    }

    @Test
    void aMissingVolumeEndsTheMoveOnlyOnceItStayedMissingForFiveAttempts() {
        List<Boolean> gaveUp = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            MoveAttempts.Outcome outcome = attempts.failed("c1", MOVE, refusal("VolumeNotFound", true));
            gaveUp.add(outcome.giveUp());
            clock.advance(outcome.retryIn());
        }

        assertThat(gaveUp).containsExactly(false, false, false, false, true);
    }

    @Test
    void passingTroubleIsRetriedAfterABackOffThatDoublesUpTo30Seconds() {
        List<Long> delays = new ArrayList<>();
        for (RuntimeException failure : List.of(refusal("Throttled", true), refusal("TargetNotRunning", true),
                refusal("VolumeAttachTimedOut", true), refusal("InstanceNotFound", true),
                refusal("NoFreeDeviceName", true), new UncheckedIOException(new java.io.IOException("disk")),
                refusal("AwsUnreachable", true))) {
            MoveAttempts.Outcome outcome = attempts.failed("c1", MOVE, failure);
            assertThat(outcome.giveUp()).as(failure.getMessage()).isFalse();
            delays.add(outcome.retryIn().toSeconds());
            assertThat(attempts.due("c1", MOVE)).isFalse();
            clock.advance(outcome.retryIn().minusMillis(1));
            assertThat(attempts.due("c1", MOVE)).isFalse();
            clock.advance(Duration.ofMillis(1));
            assertThat(attempts.due("c1", MOVE)).isTrue();
        }

        assertThat(delays).containsExactly(1L, 2L, 4L, 8L, 16L, 30L, 30L);
    }

    @Test
    void aMoveRetargetedByTheControllerOrOfAnotherClusterStartsAfresh() {
        attempts.failed("c1", MOVE, refusal("Throttled", true));
        attempts.failed("c1", MOVE, refusal("Throttled", true));
        WalMoveRequests.Request retargeted = new WalMoveRequests.Request(7, 1, "vol-1", 3);

        assertThat(attempts.due("c1", retargeted)).isTrue();
        assertThat(attempts.due("c2", MOVE)).isTrue();
        assertThat(attempts.failed("c1", retargeted, refusal("Throttled", true)).failures()).isEqualTo(1);
    }

    @Test
    void aMoveNoLongerRequestedOrAttachedIsForgotten() {
        attempts.failed("c1", MOVE, refusal("Throttled", true));
        attempts.retainOnly("c1", List.of());
        assertThat(attempts.due("c1", MOVE)).isTrue();

        attempts.failed("c1", MOVE, refusal("Throttled", true));
        attempts.succeeded("c1", MOVE);
        assertThat(attempts.failed("c1", MOVE, refusal("Throttled", true)).failures()).isEqualTo(1);
    }
}
