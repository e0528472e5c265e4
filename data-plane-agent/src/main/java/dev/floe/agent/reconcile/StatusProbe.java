package dev.floe.agent.reconcile;

import dev.floe.agent.controlplane.ClusterStatus;

/** Reports a cluster's status as it is right now, outside a pass's own steps (see {@link StatusFollower}). */
@FunctionalInterface
interface StatusProbe {

    /**
     * What one probe found.
     *
     * @param current the status the control plane now has from this probe: just sent, or equal to the last one
     *                (null when nothing could be observed or sent)
     * @param follow  whether there is anything to follow: false once the cluster is not running at the probed
     *                generation any more (a pass applying a newer one reports for itself)
     */
    record Probe(ClusterStatus current, boolean follow) {
        /** The look or the report failed (the control plane is away, say): look again next time. */
        static final Probe AGAIN = new Probe(null, true);
        static final Probe NOTHING_TO_FOLLOW = new Probe(null, false);
    }

    /** @param last what the caller had sent before: a status equal to it in phase and broker states is not resent */
    Probe report(ReconcileContext context, ClusterStatus last);
}
