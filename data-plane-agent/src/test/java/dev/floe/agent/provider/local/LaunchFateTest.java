package dev.floe.agent.provider.local;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class LaunchFateTest {

    private static final String LAUNCH = "3b1f0c2e-launch";
    private static final String MARKER = "broker:/state:c1:2";

    private static Optional<Map<String, String>> env(String marker, String launch) {
        return Optional.of(Map.of(DetachedProcess.MARKER_VARIABLE, marker, LaunchFate.LAUNCH_VARIABLE, launch));
    }

    @Test
    void aLaunchWhosePidNoLongerExistsHasExited() {
        assertThat(LaunchFate.of(LAUNCH, MARKER, false, Optional.empty())).isEqualTo(LaunchFate.EXITED);
    }

    @Test
    void aLiveProcessCarryingTheLaunchIdIsThatLaunchRunning() {
        assertThat(LaunchFate.of(LAUNCH, MARKER, true, env(MARKER, LAUNCH))).isEqualTo(LaunchFate.RUNNING);
    }

    @Test
    void aLiveProcessWhoseEnvironmentCannotBeReadIsUnknownNeverExited() {
        assertThat(LaunchFate.of(LAUNCH, MARKER, true, Optional.empty())).isEqualTo(LaunchFate.UNKNOWN);
    }

    @Test
    void aReusedPidMeansTheLaunchHasExited() {
        assertThat(LaunchFate.of(LAUNCH, MARKER, true, Optional.of(Map.of("PATH", "/usr/bin"))))
                .isEqualTo(LaunchFate.EXITED);
        assertThat(LaunchFate.of(LAUNCH, MARKER, true, env(MARKER, "a-newer-launch"))).isEqualTo(LaunchFate.EXITED);
        assertThat(LaunchFate.of(LAUNCH, MARKER, true, env("broker:/other-agent:c1:2", LAUNCH)))
                .isEqualTo(LaunchFate.EXITED);
    }

    @Test
    void aZombieWithItsEnvironmentGoneHasExited() {
        assertThat(LaunchFate.of(LAUNCH, MARKER, true, Optional.of(Map.of()))).isEqualTo(LaunchFate.EXITED);
    }
}
