package dev.floe.agent.reconcile;

import dev.floe.agent.controlplane.ClusterStatus;
import dev.floe.agent.controlplane.StepEvent;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Template method for one pass over one cluster: takes the cluster's lock, runs the named steps in order (stopping
 * at the first failure), and always computes and writes status, so no subclass can forget either. Subclasses only
 * say which steps and how to read the outcome.
 */
public abstract class ClusterReconciliation {

    private static final Logger log = LoggerFactory.getLogger(ClusterReconciliation.class);
    static final String REPORT_STATUS = "reportStatus";

    private final ClusterLocks locks;
    private final ClusterRecords records;
    private final StatusSink sink;
    protected final Clock clock;

    protected ClusterReconciliation(ClusterLocks locks, ClusterRecords records, StatusSink sink, Clock clock) {
        this.locks = locks;
        this.records = records;
        this.sink = sink;
        this.clock = clock;
    }

    protected abstract List<Step> steps();

    protected abstract ClusterStatus status(ReconcileContext context, StepFailure failure, ClusterRecord previous);

    /** Called after status went out; lets a subclass update or drop the record. */
    protected abstract ClusterRecord afterReport(ClusterRecord previous, ClusterStatus reported);

    public final ClusterStatus reconcile(ReconcileContext context) {
        ReentrantLock lock = locks.of(context.clusterId());
        lock.lock();
        try {
            ClusterRecord previous = records.load(context.clusterId());
            // Step events belong to an operation in flight; once a generation is done, passes are silent.
            boolean narrate = context.cluster.operationId() != null
                    && context.cluster.generation() > previous.completedGeneration();
            StepFailure failure = null;
            for (Step step : steps()) {
                event(narrate, context, step.name(), "RUNNING", null);
                try {
                    String message = step.apply(context);
                    event(narrate, context, step.name(), "SUCCEEDED", message);
                } catch (Exception e) {
                    failure = StepFailure.of(step.name(), e);
                    log.warn("cluster {}: step {} failed: {}", context.clusterId(), step.name(), failure.message(),
                            failure.terminal() ? null : e);
                    event(narrate, context, step.name(), "FAILED", failure.reason() + ": " + failure.message());
                    break;
                }
            }
            ReentrantLock reports = locks.reportsOf(context.clusterId());
            reports.lock();
            try {
                ClusterStatus status = status(context, failure, previous);
                try {
                    sink.report(context.clusterId(), status);
                    event(narrate, context, REPORT_STATUS, "SUCCEEDED", "phase " + status.phase());
                    ClusterRecord next = afterReport(previous, status);
                    if (next != null) {
                        records.save(next);
                    } else {
                        records.forget(context.clusterId());
                    }
                } catch (RuntimeException e) {
                    // Static stability: the data plane is as reconciled as it can be; the report goes out next pass.
                    log.warn("cluster {}: status not reported ({}); will report on the next pass",
                            context.clusterId(), e.getMessage());
                }
                return status;
            } finally {
                reports.unlock();
            }
        } finally {
            lock.unlock();
        }
    }

    /**
     * Reports what {@code observe} finds, between passes (see {@link StatusFollower}), and only for a cluster running
     * at the context's generation (a pass applying another one reports for itself). It takes the cluster's report
     * lock, not the cluster's lock: it never waits for a pass's steps nor holds up the failover watcher, and never
     * overtakes a pass's report.
     */
    protected final StatusProbe.Probe reportOutsidePass(ReconcileContext context, ClusterStatus last,
            Function<ClusterRecord, ClusterStatus> observe) {
        ReentrantLock reports = locks.reportsOf(context.clusterId());
        reports.lock();
        try {
            ClusterRecord previous = records.load(context.clusterId());
            if (previous.completedGeneration() != context.cluster.generation()) {
                return StatusProbe.Probe.NOTHING_TO_FOLLOW;
            }
            ClusterStatus status = observe.apply(previous);
            if (last != null && sameAs(last, status)) {
                return new StatusProbe.Probe(last, true);
            }
            sink.report(context.clusterId(), status);
            ClusterRecord next = afterReport(previous, status);
            if (next != null) {
                records.save(next);
            }
            return new StatusProbe.Probe(status, true);
        } catch (RuntimeException e) {
            log.debug("cluster {}: status not reported between passes: {}", context.clusterId(), e.getMessage());
            return StatusProbe.Probe.AGAIN;
        } finally {
            reports.unlock();
        }
    }

    /** Same phase and the same brokers in the same states: nothing a reader would notice changed. */
    private static boolean sameAs(ClusterStatus a, ClusterStatus b) {
        return a.phase().equals(b.phase()) && a.brokers().stream().map(x -> x.nodeId() + ":" + x.state()).toList()
                .equals(b.brokers().stream().map(x -> x.nodeId() + ":" + x.state()).toList());
    }

    private void event(boolean narrate, ReconcileContext context, String step, String state, String message) {
        if (!narrate) {
            return;
        }
        try {
            sink.event(context.cluster.operationId(), new StepEvent(step, state, message, clock.instant()));
        } catch (RuntimeException e) {
            log.debug("step event {} {} not delivered: {}", step, state, e.getMessage());
        }
    }
}
