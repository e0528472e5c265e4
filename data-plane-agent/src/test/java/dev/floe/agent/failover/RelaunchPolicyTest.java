package dev.floe.agent.failover;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class RelaunchPolicyTest {

    private static final Duration PATIENCE = Duration.ofSeconds(30);
    private static final Duration JUST_DIED = Duration.ofSeconds(1);

    @Test
    void aBrokerWhoseVolumeIsBeingMovedIsNeverRestartedOnIt() {
        assertThat(RelaunchPolicy.mayRelaunch(true, false, true, Duration.ofHours(1), PATIENCE)).isFalse();
        assertThat(RelaunchPolicy.mayRelaunch(true, true, false, Duration.ofHours(1), PATIENCE)).isFalse();
    }

    @Test
    void aBrokerWhoseWalIsRecoveredOrDrainedOrUnknownToTheCatalogIsRestartedAtOnce() {
        assertThat(RelaunchPolicy.mayRelaunch(false, true, true, JUST_DIED, PATIENCE)).isTrue();
        assertThat(RelaunchPolicy.mayRelaunch(false, null, true, JUST_DIED, PATIENCE)).isTrue();
    }

    @Test
    void aFreshlyDeadBrokerWithAnUnrecoveredWalWaitsForTheFailoverWhileOthersCanRecoverIt() {
        assertThat(RelaunchPolicy.mayRelaunch(false, false, true, JUST_DIED, PATIENCE)).isFalse();
    }

    @Test
    void withNoOtherLiveBrokerItRestartsToReplayItsOwnWal() {
        assertThat(RelaunchPolicy.mayRelaunch(false, false, false, JUST_DIED, PATIENCE)).isTrue();
    }

    @Test
    void aFailoverThatNeverStartsOrAnUnreadableCatalogEndsInARestartAfterThePatience() {
        assertThat(RelaunchPolicy.mayRelaunch(false, false, true, PATIENCE, PATIENCE)).isTrue();
        assertThat(RelaunchPolicy.mayRelaunch(null, null, true, JUST_DIED, PATIENCE)).isFalse();
        assertThat(RelaunchPolicy.mayRelaunch(null, null, true, PATIENCE, PATIENCE)).isTrue();
    }
}
