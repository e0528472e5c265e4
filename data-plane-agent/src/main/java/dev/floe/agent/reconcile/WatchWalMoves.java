package dev.floe.agent.reconcile;

/** Hands the cluster to the {@link WalMoveWatcher} once its brokers were ensured, so failovers need no poll. */
final class WatchWalMoves implements Step {

    private final WalMoveWatcher watcher;
    private final EnsureBrokers brokers;
    private final StatusProbe status;

    WatchWalMoves(WalMoveWatcher watcher, EnsureBrokers brokers, StatusProbe status) {
        this.watcher = watcher;
        this.brokers = brokers;
        this.status = status;
    }

    @Override
    public String name() {
        return "watchWalMoves";
    }

    @Override
    public String apply(ReconcileContext context) {
        watcher.track(context, brokers, status);
        return "failover watcher follows this cluster";
    }
}
