package dev.floe.broker.protocol.handlers;

import dev.floe.broker.catalog.MetadataCache;
import dev.floe.broker.catalog.TopicInfo;
import dev.floe.broker.log.LogManager;
import dev.floe.broker.log.PartitionLog;
import dev.floe.broker.protocol.ApiHandler;
import dev.floe.broker.protocol.RequestContext;
import org.apache.kafka.common.TopicIdPartition;
import org.apache.kafka.common.message.ListOffsetsRequestData;
import org.apache.kafka.common.message.ListOffsetsResponseData;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.requests.ListOffsetsRequest;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/** ListOffsets: earliest, latest, and by timestamp (first record at or after it). */
public final class ListOffsetsHandler implements ApiHandler<ListOffsetsRequestData> {
    private final MetadataCache metadata;
    private final LogManager logs;

    public ListOffsetsHandler(MetadataCache metadata, LogManager logs) {
        this.metadata = metadata;
        this.logs = logs;
    }

    @Override
    public ApiKeys apiKey() {
        return ApiKeys.LIST_OFFSETS;
    }

    @Override
    public short minVersion() {
        return 1;
    }

    @Override
    public short maxVersion() {
        return 9;
    }

    @Override
    public CompletableFuture<ListOffsetsResponseData> handle(RequestContext ctx, ListOffsetsRequestData req) {
        ListOffsetsResponseData resp = new ListOffsetsResponseData();
        List<CompletableFuture<?>> waits = new ArrayList<>();
        for (ListOffsetsRequestData.ListOffsetsTopic t : req.topics()) {
            ListOffsetsResponseData.ListOffsetsTopicResponse tr = new ListOffsetsResponseData.ListOffsetsTopicResponse().setName(t.name());
            resp.topics().add(tr);
            TopicInfo topic = metadata.current().topicsByName().get(t.name());
            for (ListOffsetsRequestData.ListOffsetsPartition p : t.partitions()) {
                ListOffsetsResponseData.ListOffsetsPartitionResponse pr = new ListOffsetsResponseData.ListOffsetsPartitionResponse()
                        .setPartitionIndex(p.partitionIndex()).setTimestamp(-1).setOffset(-1).setLeaderEpoch(-1);
                tr.partitions().add(pr);
                if (topic == null || topic.internal() || p.partitionIndex() < 0 || p.partitionIndex() >= topic.partitionCount()) {
                    pr.setErrorCode(Errors.UNKNOWN_TOPIC_OR_PARTITION.code());
                    continue;
                }
                TopicIdPartition tp = new TopicIdPartition(topic.id(), p.partitionIndex(), t.name());
                PartitionLog log = logs.get(tp);
                if (log == null) {
                    pr.setErrorCode(Errors.NOT_LEADER_OR_FOLLOWER.code());
                    continue;
                }
                if (ctx.apiVersion() >= 4) {
                    pr.setLeaderEpoch(log.epoch()); // the field exists from v4 on
                }
                long ts = p.timestamp();
                if (ts == ListOffsetsRequest.LATEST_TIMESTAMP || ts == ListOffsetsRequest.LATEST_TIERED_TIMESTAMP) {
                    pr.setOffset(ts == ListOffsetsRequest.LATEST_TIMESTAMP ? log.highWatermark() : log.uploadedEnd());
                } else if (ts == ListOffsetsRequest.EARLIEST_TIMESTAMP || ts == ListOffsetsRequest.EARLIEST_LOCAL_TIMESTAMP) {
                    pr.setOffset(log.logStartOffset());
                } else if (ts == ListOffsetsRequest.MAX_TIMESTAMP) {
                    waits.add(logs.maxTimestamp(tp).thenAccept(r -> pr.setOffset(r[0]).setTimestamp(r[1])));
                } else if (ts >= 0) {
                    waits.add(logs.offsetForTimestamp(tp, ts).thenAccept(r -> pr.setOffset(r[0]).setTimestamp(r[1])));
                } else {
                    pr.setErrorCode(Errors.INVALID_REQUEST.code());
                }
            }
        }
        return CompletableFuture.allOf(waits.toArray(CompletableFuture[]::new)).thenApply(v -> resp);
    }
}
