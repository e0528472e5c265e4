package dev.floe.agent.reconcile;

import dev.floe.agent.failover.CatalogListener;
import dev.floe.agent.failover.ExitedBrokerFencer;
import dev.floe.agent.failover.MoveAttempts;
import dev.floe.agent.failover.WalMoveRequests;
import dev.floe.agent.report.ReportingLoop;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The agent's fast path for crash failover (docs/failover.md), independent of the control plane's long poll: every
 * {@code periodMs} it fences the brokers whose process it saw exit, performs the WAL volume moves the brokers'
 * controller requested in the catalog ({@link MoveWalVolumes}), replaces a dead broker as soon as {@link EnsureBrokers}
 * allows (its WAL recovered), and has the cluster's status followed while a broker is down ({@link StatusFollower}).
 * Moves and replacements also run at once when the cluster's catalog announces a change to WAL moves or brokers
 * ({@link CatalogListener}); the periodic round is the safety net. Works on the context of each cluster's last
 * reconciliation pass: replacements under the cluster's lock, moves under a lock of their own
 * ({@link ClusterLocks#movesOf}), fencing under none.
 */
public final class WalMoveWatcher implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(WalMoveWatcher.class);

    private final ClusterLocks locks;
    private final MoveAttempts attempts = new MoveAttempts(Clock.systemUTC());
    private final MoveWalVolumes volumeMoves;
    private final ExitedBrokerFencer fencer;
    private final long periodMs;
    private final List<ReportingLoop> reporting;
    private final StatusFollower status;
    private final Map<String, Tracked> clusters = new ConcurrentHashMap<>();
    private final Map<String, CatalogListener> listeners = new ConcurrentHashMap<>();
    private final Map<String, Wakeup> wakeups = new ConcurrentHashMap<>();
    private volatile ScheduledExecutorService executor;

    private record Tracked(ReconcileContext context, EnsureBrokers brokers, StatusProbe status) {
    }

    /**
     * A cluster's catalog notifications, coalesced: {@code queued} while a run for them waits for a thread (further
     * notifications add nothing), {@code again} when one came in since the cluster's work last began, so whoever holds
     * the cluster does its work once more instead of leaving the change to the next round.
     */
    private static final class Wakeup {
        final AtomicBoolean queued = new AtomicBoolean();
        final AtomicBoolean again = new AtomicBoolean();
    }

    /**
     * @param reporting loops that report what the data plane does by itself in each followed cluster's catalog
     *                  (crash failovers, rebalances) to the control plane
     */
    public WalMoveWatcher(ClusterLocks locks, WalMoveRequests moves, ExitedBrokerFencer fencer, long periodMs,
            List<ReportingLoop> reporting) {
        this.locks = locks;
        this.volumeMoves = new MoveWalVolumes(moves, attempts);
        this.fencer = fencer;
        this.periodMs = periodMs;
        this.reporting = List.copyOf(reporting);
        this.status = new StatusFollower(Math.max(periodMs, 1000));
    }

    public synchronized void start() {
        if (executor == null) {
            // Fencing, the periodic round and notified runs each find a free thread: none waits for another.
            ScheduledExecutorService started = Executors.newScheduledThreadPool(3, r -> {
                Thread t = new Thread(r, "wal-move-watcher");
                t.setDaemon(true);
                return t;
            });
            // Fencing has a schedule of its own: a slow round of moves or replacements never delays it.
            started.scheduleWithFixedDelay(this::fenceRound, periodMs, periodMs, TimeUnit.MILLISECONDS);
            started.scheduleWithFixedDelay(this::round, periodMs, periodMs, TimeUnit.MILLISECONDS);
            executor = started;
            status.start();
        }
    }

    /** Called at the end of each provisioning pass (under the cluster lock) with what it learned. */
    void track(ReconcileContext context, EnsureBrokers brokers, StatusProbe probe) {
        if (context.catalog != null && context.plan != null) {
            String clusterId = context.clusterId();
            clusters.put(clusterId, new Tracked(context, brokers, probe));
            listeners.compute(clusterId, (id, listening) -> {
                if (listening != null && listening.catalog().equals(context.catalog)) {
                    return listening;
                }
                if (listening != null) {
                    listening.close();
                }
                CatalogListener listener = new CatalogListener(id, context.catalog, () -> wake(id));
                listener.start();
                return listener;
            });
            reporting.forEach(loop -> loop.watch(clusterId, context.catalog));
        }
    }

    void forget(String clusterId) {
        clusters.remove(clusterId);
        CatalogListener listener = listeners.remove(clusterId);
        if (listener != null) {
            listener.close();
        }
        wakeups.remove(clusterId);
        attempts.forget(clusterId);
        fencer.forget(clusterId);
        status.forget(clusterId);
        reporting.forEach(loop -> loop.forget(clusterId));
    }

    /**
     * Fences the brokers whose process was seen exit, in every tracked cluster. Not under the cluster's lock: a pass may
     * hold it for long, and the fence is guarded by the launch id in the catalog, so it is right whatever the pass does
     * meanwhile.
     */
    void fenceRound() {
        for (Tracked t : clusters.values()) {
            ReconcileContext context = t.context();
            try {
                fencer.fenceExited(context.clusterId(), context.provider.instances(), context.catalog);
            } catch (RuntimeException e) {
                log.warn("cluster {}: fencing exited brokers failed: {}", context.clusterId(), e.getMessage());
            }
        }
    }

    /** WAL moves and replacements, one pass over every tracked cluster. */
    void round() {
        for (String clusterId : clusters.keySet()) {
            work(clusterId);
        }
    }

    /** The cluster's catalog announced a change to WAL moves or brokers: do its work now, on the watcher's threads. */
    private void wake(String clusterId) {
        ScheduledExecutorService running = executor;
        Wakeup wakeup = wakeups.computeIfAbsent(clusterId, id -> new Wakeup());
        wakeup.again.set(true);
        if (running != null && wakeup.queued.compareAndSet(false, true)) {
            try {
                running.execute(() -> {
                    wakeup.queued.set(false);
                    work(clusterId);
                });
            } catch (RejectedExecutionException e) {
                wakeup.queued.set(false); // the watcher is closing
            }
        }
    }

    /**
     * The cluster's moves (under the moves lock, even while a pass holds the cluster) and replacements (under the
     * cluster's lock, left to the pass that holds it: it does the same work, {@link #during}), repeated while
     * notifications came in meanwhile.
     */
    private void work(String clusterId) {
        Wakeup wakeup = wakeups.computeIfAbsent(clusterId, id -> new Wakeup());
        do {
            wakeup.again.set(false);
            Tracked t = clusters.get(clusterId);
            if (t == null) {
                return;
            }
            try {
                moveVolumes(t.context());
                ReentrantLock lock = locks.of(clusterId);
                if (lock.tryLock()) {
                    try {
                        replaceDeadBrokers(t);
                    } finally {
                        lock.unlock();
                    }
                }
            } catch (RuntimeException e) {
                log.warn("cluster {}: failover round failed: {}", clusterId, e.getMessage());
            }
        } while (wakeup.again.get());
    }

    private void moveVolumes(ReconcileContext context) {
        ReentrantLock lock = locks.movesOf(context.clusterId());
        lock.lock();
        try {
            volumeMoves.apply(context);
        } finally {
            lock.unlock();
        }
    }

    /**
     * The same work for one cluster from the reconciliation pass that holds its lock (waiting for readiness), so a
     * failover does not wait for the pass to end.
     */
    void during(ReconcileContext context) {
        Tracked t = clusters.get(context.clusterId());
        if (t == null || t.context() != context) {
            return;
        }
        try {
            moveVolumes(context);
            replaceDeadBrokers(t);
        } catch (RuntimeException e) {
            log.warn("cluster {}: failover step during a pass failed: {}", context.clusterId(), e.getMessage());
        }
    }

    private void replaceDeadBrokers(Tracked t) {
        ReconcileContext context = t.context();
        if (t.brokers().anyDead(context)) {
            status.follow(context, t.status());
            String outcome = t.brokers().apply(context);
            log.debug("cluster {}: failover watcher: {}", context.clusterId(), outcome);
        }
    }

    @Override
    public synchronized void close() {
        listeners.values().forEach(CatalogListener::close);
        listeners.clear();
        if (executor != null) {
            executor.shutdownNow();
            executor = null;
        }
        status.close();
    }
}
