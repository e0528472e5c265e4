package dev.floe.broker.catalog;

/** One row of {@code wal_moves}: a dead broker's WAL volume on its way to a healthy broker (docs/failover.md). */
public record WalMove(long moveId, int failedNode, long failedIncarnation, String volumeId, int targetNode, String state,
                      String attachedPath) {
    public static final String REQUESTED = "REQUESTED";
    public static final String ATTACHED = "ATTACHED";
    public static final String RECOVERED = "RECOVERED";

    public boolean open() {
        return state.equals(REQUESTED) || state.equals(ATTACHED);
    }
}
