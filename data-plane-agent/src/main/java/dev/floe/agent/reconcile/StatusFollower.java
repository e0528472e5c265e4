package dev.floe.agent.reconcile;

import dev.floe.agent.controlplane.ClusterStatus;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * While a broker of a running cluster is down, reports the cluster's status every period from a thread of its own:
 * DEGRADED as soon as the failover watcher sees the broker dead, RUNNING again as soon as every broker is back, instead
 * of whenever the next pass comes (up to a long poll away). Sends a status only when it changed, and stops following
 * once it reported RUNNING. Its probes (broker health checks, the call to the control plane) run on its own thread and
 * hold no lock the failover watcher needs.
 */
final class StatusFollower implements AutoCloseable {

    private final long periodMs;
    private final Map<String, Followed> followed = new ConcurrentHashMap<>();
    private ScheduledExecutorService executor;

    private static final class Followed {
        volatile ReconcileContext context;
        final StatusProbe probe;
        ClusterStatus last;

        Followed(ReconcileContext context, StatusProbe probe) {
            this.context = context;
            this.probe = probe;
        }
    }

    StatusFollower(long periodMs) {
        this.periodMs = periodMs;
    }

    /**
     * A broker of this cluster is down: follow it until it is RUNNING again, with a first look right now. Seen again,
     * the cluster is followed with its latest pass's context: once that pass applies a newer generation, there is
     * nothing left to follow (the pass reports).
     */
    synchronized void follow(ReconcileContext context, StatusProbe probe) {
        Followed known = followed.putIfAbsent(context.clusterId(), new Followed(context, probe));
        if (known != null) {
            known.context = context;
        } else if (executor != null) {
            executor.execute(this::round);
        }
    }

    void forget(String clusterId) {
        followed.remove(clusterId);
    }

    synchronized void start() {
        if (executor == null) {
            executor = Executors.newSingleThreadScheduledExecutor(r -> {
                Thread t = new Thread(r, "status-follower");
                t.setDaemon(true);
                return t;
            });
            executor.scheduleWithFixedDelay(this::round, 0, periodMs, TimeUnit.MILLISECONDS);
        }
    }

    /** One look at every followed cluster; on the follower's single thread, so never two at once. */
    void round() {
        for (Map.Entry<String, Followed> entry : followed.entrySet()) {
            Followed f = entry.getValue();
            StatusProbe.Probe probe = f.probe.report(f.context, f.last);
            if (probe.current() != null) {
                f.last = probe.current();
            }
            if (!probe.follow() || (probe.current() != null && "RUNNING".equals(probe.current().phase()))) {
                followed.remove(entry.getKey(), f);
            }
        }
    }

    @Override
    public synchronized void close() {
        if (executor != null) {
            executor.shutdownNow();
            executor = null;
        }
    }
}
