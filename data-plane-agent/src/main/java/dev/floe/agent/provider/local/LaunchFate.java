package dev.floe.agent.provider.local;

import java.util.Map;
import java.util.Optional;

/**
 * What the agent can say about one broker launch it recorded (launch id and the pid it started): pure, so the rule
 * that only a certain death counts is tested on its own. The agent fences an EXITED launch at once (docs/failover.md);
 * fencing a process that still runs would let it acknowledge writes into a WAL another broker replays, so whatever
 * the agent cannot see into is UNKNOWN, never EXITED.
 */
enum LaunchFate {
    RUNNING, EXITED, UNKNOWN;

    static final String LAUNCH_VARIABLE = "FLOE_LAUNCH_ID";

    /**
     * @param alive       whether any process has the recorded pid now
     * @param environment that process's environment, empty when it cannot be read
     */
    static LaunchFate of(String launchId, String marker, boolean alive, Optional<Map<String, String>> environment) {
        if (!alive) {
            return EXITED; // no process has the pid this launch ran as: it ended
        }
        if (environment.isEmpty()) {
            return UNKNOWN; // a live process we cannot look into might still be this broker
        }
        Map<String, String> env = environment.get();
        boolean same = marker.equals(env.get(DetachedProcess.MARKER_VARIABLE))
                && launchId.equals(env.get(LAUNCH_VARIABLE));
        return same ? RUNNING : EXITED; // otherwise the pid was reused (or the broker is a zombie, environment gone)
    }
}
