package dev.floe.agent.reconcile;

/** Hands the cluster to the {@link WalMoveWatcher} once its brokers were ensured, so failovers need no poll. */
final class WatchWalMoves implements Step {

    private final WalMoveWatcher watcher;
    private final EnsureBrokers brokers;

    WatchWalMoves(WalMoveWatcher watcher, EnsureBrokers brokers) {
        this.watcher = watcher;
        this.brokers = brokers;
    }

    @Override
    public String name() {
        return "watchWalMoves";
    }

    @Override
    public String apply(ReconcileContext context) {
        watcher.track(context, brokers);
        return "failover watcher follows this cluster";
    }
}
