package dev.floe.agent.reconcile;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.locks.ReentrantLock;

/** One lock per cluster: the poll loop and imperative steps (failover, later) never work on a cluster at once. */
public final class ClusterLocks {

    private final ConcurrentMap<String, ReentrantLock> locks = new ConcurrentHashMap<>();

    public ReentrantLock of(String clusterId) {
        return locks.computeIfAbsent(clusterId, id -> new ReentrantLock());
    }
}
