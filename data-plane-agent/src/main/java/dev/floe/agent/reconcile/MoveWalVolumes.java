package dev.floe.agent.reconcile;

import dev.floe.agent.failover.MoveAttempts;
import dev.floe.agent.failover.WalMoveRequests;
import dev.floe.agent.provider.BrokerInstance;
import dev.floe.agent.provider.ProviderException;
import dev.floe.agent.provider.Volume;
import dev.floe.agent.provider.WalVolumes;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Performs the WAL volume moves the brokers' controller requested (docs/failover.md): finds the volume and the target's
 * running instance, has the provider attach the volume there and writes ATTACHED with the WAL path. A failed attempt is
 * noted on the move and tried again after a back-off; a move that cannot succeed is marked FAILED ({@link MoveAttempts}).
 */
final class MoveWalVolumes {

    private static final Logger log = LoggerFactory.getLogger(MoveWalVolumes.class);

    private final WalMoveRequests moves;
    private final MoveAttempts attempts;

    MoveWalVolumes(WalMoveRequests moves, MoveAttempts attempts) {
        this.moves = moves;
        this.attempts = attempts;
    }

    void apply(ReconcileContext context) {
        String cluster = context.clusterId();
        List<WalMoveRequests.Request> requested = moves.requested(context.catalog);
        attempts.retainOnly(cluster, requested);
        List<WalMoveRequests.Request> due = requested.stream().filter(r -> attempts.due(cluster, r)).toList();
        if (due.isEmpty()) {
            return;
        }
        List<Volume> volumes;
        List<BrokerInstance> instances;
        try {
            volumes = context.provider.volumes().list(cluster);
            instances = context.provider.instances().describe(cluster);
        } catch (RuntimeException e) {
            due.forEach(r -> failed(context, r, e)); // a throttled look counts too: it must not be repeated at once
            return;
        }
        for (WalMoveRequests.Request r : due) {
            try {
                move(context, r, volumes, instances);
                attempts.succeeded(cluster, r);
            } catch (RuntimeException e) {
                failed(context, r, e);
            }
        }
    }

    private void move(ReconcileContext context, WalMoveRequests.Request r, List<Volume> volumes,
            List<BrokerInstance> instances) {
        Volume volume = volumes.stream().filter(v -> v.id().equals(r.volumeId())).findFirst()
                .orElseThrow(() -> new ProviderException("VolumeNotFound", "no WAL volume " + r.volumeId()
                        + " in cluster " + context.clusterId(), true, null));
        BrokerInstance target = instances.stream()
                .filter(i -> i.nodeId() == r.targetNode() && i.state() == BrokerInstance.State.RUNNING)
                .findFirst()
                .orElseThrow(() -> new ProviderException("TargetNotRunning", "target node " + r.targetNode()
                        + " has no running instance", true, null));
        long started = System.nanoTime();
        WalVolumes.RecoveryAttachment attached = context.provider.volumes().attachForRecovery(volume, target);
        context.volumes.put(volume.nodeId(), attached.volume());
        long ms = (System.nanoTime() - started) / 1_000_000;
        String message = "agent (" + context.provider.name() + ") attached " + volume.id() + " to "
                + target.instanceId() + " in " + ms + " ms";
        if (moves.markAttached(context.catalog, r, attached.walPath(), message)) {
            log.warn("cluster {}: failover: WAL volume {} of node {} handed to node {} at {}", context.clusterId(),
                    volume.id(), r.failedNode(), r.targetNode(), attached.walPath());
        }
    }

    private void failed(ReconcileContext context, WalMoveRequests.Request r, RuntimeException e) {
        MoveAttempts.Outcome outcome = attempts.failed(context.clusterId(), r, e);
        String move = "moving WAL volume " + r.volumeId() + " of node " + r.failedNode() + " to node " + r.targetNode();
        String why = e instanceof ProviderException p ? p.reason() + ": " + p.getMessage() : e.toString();
        if (outcome.giveUp()) {
            String message = "agent gave up " + move + " after " + attempts(outcome.failures()) + ": " + why
                    + "; node " + r.failedNode() + " is restarted on its own volume instead";
            if (moves.markFailed(context.catalog, r, message)) {
                log.warn("cluster {}: failover: {}", context.clusterId(), message);
            }
        } else {
            String message = "agent: " + move + " failed (" + attempts(outcome.failures()) + ", next in "
                    + outcome.retryIn().toSeconds() + " s): " + why;
            moves.note(context.catalog, r, message);
            log.warn("cluster {}: failover: {}", context.clusterId(), message);
        }
    }

    private static String attempts(int n) {
        return n == 1 ? "1 attempt" : n + " attempts";
    }
}
