package dev.floe.broker.protocol.handlers;

import dev.floe.broker.catalog.CatalogOffsets;
import dev.floe.broker.group.GroupCoordinator;
import dev.floe.broker.protocol.ApiHandler;
import dev.floe.broker.protocol.RequestContext;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.message.OffsetCommitRequestData;
import org.apache.kafka.common.message.OffsetCommitResponseData;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.Errors;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/** OffsetCommit: checked against the member's generation, stored in the catalog. */
public final class OffsetCommitHandler implements ApiHandler<OffsetCommitRequestData> {
    private final GroupCoordinator groups;

    public OffsetCommitHandler(GroupCoordinator groups) {
        this.groups = groups;
    }

    @Override
    public ApiKeys apiKey() {
        return ApiKeys.OFFSET_COMMIT;
    }

    @Override
    public short minVersion() {
        return 2;
    }

    @Override
    public short maxVersion() {
        return 9;
    }

    @Override
    public CompletableFuture<OffsetCommitResponseData> handle(RequestContext ctx, OffsetCommitRequestData req) {
        Map<TopicPartition, CatalogOffsets.Committed> values = new LinkedHashMap<>();
        for (OffsetCommitRequestData.OffsetCommitRequestTopic t : req.topics()) {
            for (OffsetCommitRequestData.OffsetCommitRequestPartition p : t.partitions()) {
                values.put(new TopicPartition(t.name(), p.partitionIndex()),
                        new CatalogOffsets.Committed(p.committedOffset(), p.committedLeaderEpoch(), p.committedMetadata()));
            }
        }
        Errors error;
        try {
            error = groups.commit(req.groupId(), req.memberId(), req.generationIdOrMemberEpoch(), values);
        } catch (RuntimeException e) {
            error = Errors.COORDINATOR_NOT_AVAILABLE; // catalog unreachable: retriable for the client
        }
        OffsetCommitResponseData resp = new OffsetCommitResponseData();
        for (OffsetCommitRequestData.OffsetCommitRequestTopic t : req.topics()) {
            OffsetCommitResponseData.OffsetCommitResponseTopic rt = new OffsetCommitResponseData.OffsetCommitResponseTopic().setName(t.name());
            for (OffsetCommitRequestData.OffsetCommitRequestPartition p : t.partitions()) {
                rt.partitions().add(new OffsetCommitResponseData.OffsetCommitResponsePartition()
                        .setPartitionIndex(p.partitionIndex()).setErrorCode(error.code()));
            }
            resp.topics().add(rt);
        }
        return CompletableFuture.completedFuture(resp);
    }
}
