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
 * failed broker's partitions go to their successors.
 * Runs on its own thread, so serving this broker's own partitions never waits for it.
 */
public final class MovedWalRecovery {
    private static final Logger log = LoggerFactory.getLogger(MovedWalRecovery.class);
    private final CatalogWalMoves moves;
    private final ObjectStore store;
    private final CatalogStorage storage;
    private final CatalogTopics topics;
    private final int nodeId;
    /** Who takes each partition of a failed node, as the placement rules decide from a fresh look at the catalog. */
    private final IntFunction<List<Assignment>> successors;
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
            for (WalMove move : moves.attachedTo(nodeId)) {
                recover(move);
            }
        } catch (Throwable e) {
            log.warn("moved-WAL round failed", e);
        }
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
            List<Assignment> handedOn = moves.markRecovered(move, nodeId, message, successors.apply(move.failedNode()));
            if (handedOn != null) {
                log.warn("failover: {}; marked recovered after {} ms (volume {}, move {}), its {} partitions reassigned to {}", message,
                        millis(replayed, System.nanoTime()), move.volumeId(), move.moveId(), handedOn.size(), describe(handedOn));
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
