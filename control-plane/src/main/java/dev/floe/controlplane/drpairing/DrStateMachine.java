package dev.floe.controlplane.drpairing;

import java.util.EnumMap;
import java.util.EnumSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The legal transitions of a DR pairing. A planned failover needs healthy replication (nothing may be lost); an
 * unplanned one is also allowed when replication broke, because the primary may be gone. Failback only follows a
 * completed failover. Nothing may start while a failover or failback is in flight, unless its operation ended
 * without completing (then the same action may be retried).
 */
public final class DrStateMachine {

    private static final Map<DrState, Map<DrAction, DrState>> TRANSITIONS = new EnumMap<>(DrState.class);

    static {
        allow(DrState.PROVISIONING, DrAction.REPLICATION_ESTABLISHED, DrState.REPLICATING);
        allow(DrState.PROVISIONING, DrAction.REPLICATION_LOST, DrState.BROKEN);
        allow(DrState.REPLICATING, DrAction.PLANNED_FAILOVER, DrState.FAILING_OVER);
        allow(DrState.REPLICATING, DrAction.UNPLANNED_FAILOVER, DrState.FAILING_OVER);
        allow(DrState.REPLICATING, DrAction.REPLICATION_LOST, DrState.BROKEN);
        allow(DrState.BROKEN, DrAction.UNPLANNED_FAILOVER, DrState.FAILING_OVER);
        allow(DrState.BROKEN, DrAction.REPLICATION_ESTABLISHED, DrState.REPLICATING);
        allow(DrState.FAILING_OVER, DrAction.FAILOVER_COMPLETED, DrState.FAILED_OVER);
        allow(DrState.FAILED_OVER, DrAction.FAILBACK, DrState.FAILING_BACK);
        allow(DrState.FAILING_BACK, DrAction.FAILBACK_COMPLETED, DrState.REPLICATING);
    }

    private static final Set<DrState> DELETABLE = EnumSet.of(DrState.PROVISIONING, DrState.REPLICATING,
            DrState.FAILED_OVER, DrState.BROKEN);

    private DrStateMachine() {
    }

    private static void allow(DrState from, DrAction action, DrState to) {
        TRANSITIONS.computeIfAbsent(from, state -> new EnumMap<>(DrAction.class)).put(action, to);
    }

    /**
     * The state after {@code action}, or empty when it is not allowed.
     *
     * @param operationActive whether the operation last started on the pairing is still running
     */
    public static Optional<DrState> next(DrState current, DrAction action, boolean operationActive) {
        if (action == DrAction.DELETE) {
            return DELETABLE.contains(current) && !operationActive ? Optional.of(current) : Optional.empty();
        }
        boolean userAction = action == DrAction.PLANNED_FAILOVER || action == DrAction.UNPLANNED_FAILOVER
                || action == DrAction.FAILBACK;
        if (userAction && operationActive) {
            return Optional.empty();
        }
        if (userAction && !operationActive) {
            // a failover or failback whose operation ended without completing may be retried
            if (current == DrState.FAILING_OVER
                    && (action == DrAction.PLANNED_FAILOVER || action == DrAction.UNPLANNED_FAILOVER)) {
                return Optional.of(DrState.FAILING_OVER);
            }
            if (current == DrState.FAILING_BACK && action == DrAction.FAILBACK) {
                return Optional.of(DrState.FAILING_BACK);
            }
        }
        return Optional.ofNullable(TRANSITIONS.getOrDefault(current, Map.of()).get(action));
    }
}
