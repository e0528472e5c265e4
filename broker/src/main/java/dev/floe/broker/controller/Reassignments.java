package dev.floe.broker.controller;

import dev.floe.broker.catalog.BrokerInfo;
import dev.floe.broker.catalog.CatalogMoves;
import dev.floe.broker.catalog.ClusterSnapshot;
import dev.floe.broker.catalog.MetadataCache;
import dev.floe.broker.catalog.PartitionInfo;
import dev.floe.broker.catalog.PartitionKey;
import dev.floe.broker.catalog.TopicInfo;
import dev.floe.broker.metrics.BrokerMetrics;
import org.apache.kafka.common.protocol.Errors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Partition moves an admin asks for (Kafka's AlterPartitionReassignments, the call of its reassignment tool). A Floe
 * partition has one owner and its data lives in the bucket, so a reassignment names exactly one broker and is a
 * hand-over like any balancing move: recorded as one REASSIGNMENT rebalance, carried out by the owner in about the
 * time of one upload, whatever the partition holds.
 */
public final class Reassignments {
    private static final Logger log = LoggerFactory.getLogger(Reassignments.class);
    private final MetadataCache metadata;
    private final CatalogMoves moves;
    private final BrokerMetrics metrics;
    private final int nodeId;

    public Reassignments(MetadataCache metadata, CatalogMoves moves, BrokerMetrics metrics, int nodeId) {
        this.metadata = metadata;
        this.moves = moves;
        this.metrics = metrics;
        this.nodeId = nodeId;
    }

    /** Move a partition to {@code replicas} (exactly one broker), or cancel its pending move when null. */
    public record Request(String topic, int partition, List<Integer> replicas) {
    }

    public record Outcome(Errors error, String message) {
        static final Outcome OK = new Outcome(Errors.NONE, null);
    }

    /** Validates every request, then records the valid moves together; invalid ones change nothing. */
    public Map<Request, Outcome> apply(List<Request> requests) {
        ClusterSnapshot s = metadata.refresh();
        Map<Request, Outcome> outcomes = new LinkedHashMap<>();
        List<CatalogMoves.MoveRequest> wanted = new ArrayList<>();
        Map<PartitionKey, Request> byKey = new LinkedHashMap<>();
        for (Request r : requests) {
            TopicInfo topic = s.topicsByName().get(r.topic());
            PartitionInfo p = topic == null || topic.internal() ? null : s.partition(topic, r.partition());
            if (p == null) {
                outcomes.put(r, new Outcome(Errors.UNKNOWN_TOPIC_OR_PARTITION, "no partition " + r.topic() + "-" + r.partition()));
            } else if (r.replicas() == null) {
                outcomes.put(r, moves.cancelByAdmin(PartitionKey.of(p)) ? Outcome.OK
                        : new Outcome(Errors.NO_REASSIGNMENT_IN_PROGRESS, "no move of " + r.topic() + "-" + r.partition() + " is pending"));
            } else {
                Outcome settled = settle(s, p, r.replicas());
                if (settled != null) {
                    outcomes.put(r, settled);
                } else if (p.owner() == r.replicas().get(0).intValue()) {
                    outcomes.put(r, Outcome.OK); // already there
                } else {
                    wanted.add(new CatalogMoves.MoveRequest(p, topic.name(), r.replicas().get(0)));
                    byKey.put(PartitionKey.of(p), r);
                }
            }
        }
        if (!wanted.isEmpty()) {
            String summary = "an admin asked to move " + wanted.stream()
                    .map(m -> m.topicName() + "-" + m.partition().partition() + " from node " + m.partition().owner() + " to node " + m.target())
                    .collect(Collectors.joining(", "));
            List<CatalogMoves.MoveRequest> requested = moves.plan("REASSIGNMENT", summary, nodeId, wanted);
            requested.forEach(m -> metrics.movePlanned("REASSIGNMENT"));
            log.info("reassignment: {} ({} of {} requested)", summary, requested.size(), wanted.size());
            for (CatalogMoves.MoveRequest m : wanted) {
                Request r = byKey.get(PartitionKey.of(m.partition()));
                outcomes.put(r, requested.contains(m) ? Outcome.OK : new Outcome(Errors.REASSIGNMENT_IN_PROGRESS,
                        r.topic() + "-" + r.partition() + " changed hands or is moving already; try again"));
            }
        }
        return outcomes;
    }

    /** The answer when no new move is needed (an error, or the move is under way), else null. */
    private static Outcome settle(ClusterSnapshot s, PartitionInfo p, List<Integer> replicas) {
        if (replicas.size() != 1) {
            return new Outcome(Errors.INVALID_REPLICA_ASSIGNMENT, "a Floe partition has exactly one owner (its data lives in"
                    + " the bucket): name one broker, not " + replicas);
        }
        BrokerInfo target = s.broker(replicas.get(0));
        if (target == null || !target.serving()) {
            return new Outcome(Errors.INVALID_REPLICA_ASSIGNMENT, "broker " + replicas.get(0) + " is not serving");
        }
        if (p.moveTo() != null && !p.moveTo().equals(replicas.get(0))) {
            return new Outcome(Errors.REASSIGNMENT_IN_PROGRESS, "partition is moving to broker " + p.moveTo() + " already;"
                    + " cancel that first");
        }
        if (p.moveTo() != null) {
            return Outcome.OK; // on its way there already
        }
        BrokerInfo owner = p.owner() == null ? null : s.broker(p.owner());
        if (owner == null || !owner.serving()) {
            return new Outcome(Errors.LEADER_NOT_AVAILABLE, "the partition has no serving owner right now (failover or"
                    + " placement in progress); try again shortly");
        }
        return null;
    }

    /** Moves not completed yet, whoever asked for them. */
    public List<CatalogMoves.OpenMove> pending() {
        return moves.open();
    }
}
