package dev.floe.agent.reconcile;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.locks.ReentrantLock;

/** One lock per cluster: the poll loop and imperative steps (failover, later) never work on a cluster at once. */
public final class ClusterLocks {

    private final ConcurrentMap<String, ReentrantLock> locks = new ConcurrentHashMap<>();
    private final ConcurrentMap<String, ReentrantLock> reports = new ConcurrentHashMap<>();
    private final ConcurrentMap<String, ReentrantLock> moves = new ConcurrentHashMap<>();

    public ReentrantLock of(String clusterId) {
        return locks.computeIfAbsent(clusterId, id -> new ReentrantLock());
    }

    /**
     * Orders the status reports of one cluster: a pass's and one sent between passes ({@link StatusFollower}) never
     * overtake each other. Apart from {@link #of}, which the failover watcher needs: a report is a call to the control
     * plane and must never hold up a failover.
     */
    public ReentrantLock reportsOf(String clusterId) {
        return reports.computeIfAbsent(clusterId, id -> new ReentrantLock());
    }

    /**
     * Orders the WAL volume moves of one cluster. Apart from {@link #of}: a pass may hold the cluster for seconds (a
     * readiness check of a broker that just died), and a move waits for nothing but another move. A move cannot clash
     * with the pass: the volume is a fenced broker's, which no step relaunches while its move is open
     * ({@code RelaunchPolicy}).
     */
    public ReentrantLock movesOf(String clusterId) {
        return moves.computeIfAbsent(clusterId, id -> new ReentrantLock());
    }
}
