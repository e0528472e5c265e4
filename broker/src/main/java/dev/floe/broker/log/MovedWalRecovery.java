package dev.floe.broker.log;

import dev.floe.broker.catalog.CatalogEvents;
import dev.floe.broker.catalog.CatalogStorage;
import dev.floe.broker.catalog.CatalogTopics;
import dev.floe.broker.catalog.CatalogTopics.Assignment;
import dev.floe.broker.catalog.CatalogWalMoves;
import dev.floe.broker.catalog.WalMove;
import dev.floe.broker.objectstore.ObjectStore;
import dev.floe.broker.wal.WriteAheadLog;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.IntFunction;

/**
 * The recovering side of a crash failover: WAL volumes the agent attached to this broker
 * ({@code wal_moves} in state ATTACHED) are replayed from their trim point, what the bucket lacks is
 * uploaded and committed under the failed broker's partition epochs, and the move is marked RECOVERED while the
 * failed broker's partitions go to their successors, chosen while the move was still REQUESTED.
 * Runs on its own thread, so serving this broker's own partitions never waits for it.
 */
public final class MovedWalRecovery {
    private static final Logger log = LoggerFactory.getLogger(MovedWalRecovery.class);
    private final CatalogWalMoves moves;
    private final ObjectStore store;
    private final CatalogStorage storage;
    private final CatalogTopics topics;
    private final int nodeId;
    /** Who takes each partition of a failed node, as the placement rules decide from this broker's cluster snapshot. */
    private final IntFunction<List<Assignment>> successors;
    /** Successors chosen for moves still REQUESTED, by move id (only the moved-WAL thread touches it). */
    private final Map<Long, List<Assignment>> prepared = new HashMap<>();
    private final ScheduledExecutorService executor;

    public MovedWalRecovery(CatalogWalMoves moves, ObjectStore store, CatalogStorage storage, CatalogTopics topics, int nodeId,
                            IntFunction<List<Assignment>> successors, ScheduledExecutorService executor) {
        this.moves = moves;
        this.store = store;
        this.storage = storage;
        this.topics = topics;
        this.nodeId = nodeId;
        this.successors = successors;
        this.executor = executor;
    }

    /** Polls every 250 ms, and looks at once when the catalog notifies a change (the agent attached a volume). */
    public void start(CatalogEvents events) {
        executor.scheduleWithFixedDelay(this::round, 250, 250, TimeUnit.MILLISECONDS);
        events.subscribe(executor, this::round);
    }

    private void round() {
        try {
            List<WalMove> open = moves.openTo(nodeId);
            prepared.keySet().retainAll(open.stream().map(WalMove::moveId).toList());
            for (WalMove move : open) {
                if (move.state().equals(WalMove.REQUESTED)) {
                    prepare(move);
                } else {
                    recover(move);
                }
            }
        } catch (Throwable e) {
            log.warn("moved-WAL round failed", e);
        }
    }

    /**
     * Chooses the failed broker's successors while the agent is still moving the volume: on a busy machine that
     * first run through the placement code took up to 0.7 s, which a failover then waited for after the replay.
     */
    private void prepare(WalMove move) {
        prepared.computeIfAbsent(move.moveId(), id -> successors.apply(move.failedNode()));
    }

    private void recover(WalMove move) {
        long started = System.nanoTime();
        try {
            Path dir = Path.of(move.attachedPath());
            if (!Files.exists(dir.resolve(WriteAheadLog.FILE_NAME))) {
                // A registered broker always created its WAL first: a missing file means the volume is not
                // (yet) mounted where the agent said, never that there is nothing to recover.
                moves.note(move.moveId(), "node " + nodeId + " finds no " + WriteAheadLog.FILE_NAME + " in " + dir + "; waiting");
                return;
            }
            int records;
            WriteAheadLog wal = WriteAheadLog.open(dir, move.failedNode(), 0);
            long opened = System.nanoTime();
            try {
                records = WalRecovery.recover(wal, store, storage, topics, move.failedNode(), nodeId, () -> { });
            } finally {
                wal.close();
            }
            long replayed = System.nanoTime();
            String message = "node " + nodeId + " recovered " + records + " WAL records of node " + move.failedNode() + " in "
                    + millis(started, replayed) + " ms (open " + millis(started, opened) + " ms, replay, upload and commit "
                    + millis(opened, replayed) + " ms)";
            List<Assignment> planned = prepared.get(move.moveId());
            String choice = "chosen beforehand";
            if (planned == null) {
                planned = successors.apply(move.failedNode());
                choice = "chosen in " + millis(replayed, System.nanoTime()) + " ms";
            }
            long chosen = System.nanoTime();
            List<Assignment> handedOn = moves.markRecovered(move, nodeId, message, planned);
            if (handedOn != null) {
                log.warn("failover: {}; successors {}, marked recovered and {} partitions reassigned to {} in {} ms (volume {}, move {})",
                        message, choice, handedOn.size(), describe(handedOn), millis(chosen, System.nanoTime()), move.volumeId(),
                        move.moveId());
            }
        } catch (RuntimeException e) {
            log.warn("failover: recovering the WAL of node {} from {} failed; will retry", move.failedNode(), move.attachedPath(), e);
            moves.note(move.moveId(), "recovery by node " + nodeId + " failed: " + e.getMessage());
        }
    }

    /** How many partitions each successor took, e.g. {@code {2=8, 3=8}}. */
    private static String describe(List<Assignment> assignments) {
        Map<Integer, Integer> perOwner = new TreeMap<>();
        assignments.forEach(a -> perOwner.merge(a.owner(), 1, Integer::sum));
        return perOwner.toString();
    }

    private static long millis(long fromNanos, long toNanos) {
        return (toNanos - fromNanos) / 1_000_000;
    }
}
