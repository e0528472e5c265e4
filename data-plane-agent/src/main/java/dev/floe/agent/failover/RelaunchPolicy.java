package dev.floe.agent.failover;

import java.time.Duration;

/**
 * Whether a broker that died may be started again on its own WAL volume now. While the controller can still move
 * that volume to a healthy broker (docs/failover.md), restarting on it would put two brokers on one WAL, so the agent
 * waits: for the move to end with the WAL recovered, or — when no move can happen — restarts it to replay its own WAL.
 */
public final class RelaunchPolicy {

    private RelaunchPolicy() {
    }

    /**
     * @param moveInFlight the catalog has a REQUESTED or ATTACHED move of this node's volume (null: cannot tell)
     * @param walClean     the catalog says this node's WAL is in the bucket (null: no row or cannot tell)
     * @param othersLive   another broker holds a live lease and could recover the WAL
     * @param deadFor      how long the agent has seen this broker dead
     * @param patience     how long to wait for a failover that does not start before restarting in place
     */
    public static boolean mayRelaunch(Boolean moveInFlight, Boolean walClean, boolean othersLive, Duration deadFor,
            Duration patience) {
        if (moveInFlight == null) {
            return deadFor.compareTo(patience) >= 0; // catalog unreadable: do not stay down forever
        }
        if (moveInFlight) {
            return false; // never start a broker on a volume that is being handed over
        }
        if (walClean == null || walClean) {
            return true; // recovered, drained, or never registered: nothing in the WAL that another broker needs
        }
        if (!othersLive) {
            return true; // no one to move it to: replaying its own WAL is the only way back
        }
        return deadFor.compareTo(patience) >= 0;
    }
}
