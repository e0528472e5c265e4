package dev.floe.broker.protocol.handlers;

import dev.floe.broker.catalog.CatalogMoves;
import dev.floe.broker.controller.Reassignments;
import dev.floe.broker.protocol.ApiHandler;
import dev.floe.broker.protocol.RequestContext;
import org.apache.kafka.common.message.ListPartitionReassignmentsRequestData;
import org.apache.kafka.common.message.ListPartitionReassignmentsResponseData;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.Errors;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * ListPartitionReassignments: every partition move not completed yet, whether an admin or the balancer asked for it,
 * in Kafka's terms: replicas = owner and target, adding = target, removing = owner.
 */
public final class ListPartitionReassignmentsHandler implements ApiHandler<ListPartitionReassignmentsRequestData> {
    private final Reassignments reassignments;

    public ListPartitionReassignmentsHandler(Reassignments reassignments) {
        this.reassignments = reassignments;
    }

    @Override
    public ApiKeys apiKey() {
        return ApiKeys.LIST_PARTITION_REASSIGNMENTS;
    }

    @Override
    public short minVersion() {
        return 0;
    }

    @Override
    public short maxVersion() {
        return 0;
    }

    @Override
    public CompletableFuture<ListPartitionReassignmentsResponseData> handle(RequestContext ctx,
                                                                            ListPartitionReassignmentsRequestData req) {
        Map<String, ListPartitionReassignmentsResponseData.OngoingTopicReassignment> topics = new LinkedHashMap<>();
        for (CatalogMoves.OpenMove m : reassignments.pending()) {
            if (!wanted(req, m)) {
                continue;
            }
            topics.computeIfAbsent(m.topicName(), name -> new ListPartitionReassignmentsResponseData.OngoingTopicReassignment()
                    .setName(name)).partitions().add(new ListPartitionReassignmentsResponseData.OngoingPartitionReassignment()
                    .setPartitionIndex(m.partition().partition())
                    .setReplicas(List.of(m.fromNode(), m.toNode()))
                    .setAddingReplicas(List.of(m.toNode()))
                    .setRemovingReplicas(List.of(m.fromNode())));
        }
        return CompletableFuture.completedFuture(new ListPartitionReassignmentsResponseData()
                .setErrorCode(Errors.NONE.code())
                .setTopics(List.copyOf(topics.values())));
    }

    /** Null topics: all of them. */
    private static boolean wanted(ListPartitionReassignmentsRequestData req, CatalogMoves.OpenMove m) {
        if (req.topics() == null) {
            return true;
        }
        for (var t : req.topics()) {
            if (t.name().equals(m.topicName()) && t.partitionIndexes().contains(m.partition().partition())) {
                return true;
            }
        }
        return false;
    }
}
