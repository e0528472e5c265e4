package dev.floe.broker.protocol.handlers;

import dev.floe.broker.controller.Reassignments;
import dev.floe.broker.protocol.ApiHandler;
import dev.floe.broker.protocol.RequestContext;
import org.apache.kafka.common.message.AlterPartitionReassignmentsRequestData;
import org.apache.kafka.common.message.AlterPartitionReassignmentsResponseData;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.Errors;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/** AlterPartitionReassignments: an admin moves partitions to other brokers (or cancels a pending move). */
public final class AlterPartitionReassignmentsHandler implements ApiHandler<AlterPartitionReassignmentsRequestData> {
    private final Reassignments reassignments;

    public AlterPartitionReassignmentsHandler(Reassignments reassignments) {
        this.reassignments = reassignments;
    }

    @Override
    public ApiKeys apiKey() {
        return ApiKeys.ALTER_PARTITION_REASSIGNMENTS;
    }

    @Override
    public short minVersion() {
        return 0;
    }

    @Override
    public short maxVersion() {
        return 1;
    }

    @Override
    public CompletableFuture<AlterPartitionReassignmentsResponseData> handle(RequestContext ctx,
                                                                             AlterPartitionReassignmentsRequestData req) {
        List<Reassignments.Request> requests = new ArrayList<>();
        for (var topic : req.topics()) {
            for (var p : topic.partitions()) {
                requests.add(new Reassignments.Request(topic.name(), p.partitionIndex(), p.replicas()));
            }
        }
        Map<Reassignments.Request, Reassignments.Outcome> outcomes = reassignments.apply(requests);
        AlterPartitionReassignmentsResponseData resp = new AlterPartitionReassignmentsResponseData()
                .setErrorCode(Errors.NONE.code())
                .setAllowReplicationFactorChange(req.allowReplicationFactorChange());
        for (var topic : req.topics()) {
            var tr = new AlterPartitionReassignmentsResponseData.ReassignableTopicResponse().setName(topic.name());
            resp.responses().add(tr);
            for (var p : topic.partitions()) {
                Reassignments.Outcome o = outcomes.get(new Reassignments.Request(topic.name(), p.partitionIndex(), p.replicas()));
                tr.partitions().add(new AlterPartitionReassignmentsResponseData.ReassignablePartitionResponse()
                        .setPartitionIndex(p.partitionIndex())
                        .setErrorCode(o.error().code())
                        .setErrorMessage(o.message()));
            }
        }
        return CompletableFuture.completedFuture(resp);
    }
}
