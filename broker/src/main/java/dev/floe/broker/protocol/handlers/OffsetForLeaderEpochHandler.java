package dev.floe.broker.protocol.handlers;

import dev.floe.broker.catalog.MetadataCache;
import dev.floe.broker.catalog.TopicInfo;
import dev.floe.broker.log.LogManager;
import dev.floe.broker.log.PartitionLog;
import dev.floe.broker.protocol.ApiHandler;
import dev.floe.broker.protocol.RequestContext;
import org.apache.kafka.common.TopicIdPartition;
import org.apache.kafka.common.message.OffsetForLeaderEpochRequestData;
import org.apache.kafka.common.message.OffsetForLeaderEpochResponseData;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.Errors;

import java.util.concurrent.CompletableFuture;

/**
 * OffsetForLeaderEpoch, which consumers use to detect log truncation after a leader change. A Floe
 * log is never truncated (there are no diverging replicas), so every epoch ends at the high watermark.
 */
public final class OffsetForLeaderEpochHandler implements ApiHandler<OffsetForLeaderEpochRequestData> {
    private final MetadataCache metadata;
    private final LogManager logs;

    public OffsetForLeaderEpochHandler(MetadataCache metadata, LogManager logs) {
        this.metadata = metadata;
        this.logs = logs;
    }

    @Override
    public ApiKeys apiKey() {
        return ApiKeys.OFFSET_FOR_LEADER_EPOCH;
    }

    @Override
    public short minVersion() {
        return 2;
    }

    @Override
    public short maxVersion() {
        return 4;
    }

    @Override
    public CompletableFuture<OffsetForLeaderEpochResponseData> handle(RequestContext ctx, OffsetForLeaderEpochRequestData req) {
        OffsetForLeaderEpochResponseData resp = new OffsetForLeaderEpochResponseData();
        for (OffsetForLeaderEpochRequestData.OffsetForLeaderTopic t : req.topics()) {
            OffsetForLeaderEpochResponseData.OffsetForLeaderTopicResult tr = new OffsetForLeaderEpochResponseData.OffsetForLeaderTopicResult().setTopic(t.topic());
            resp.topics().add(tr);
            TopicInfo topic = metadata.current().topicsByName().get(t.topic());
            for (OffsetForLeaderEpochRequestData.OffsetForLeaderPartition p : t.partitions()) {
                OffsetForLeaderEpochResponseData.EpochEndOffset r = new OffsetForLeaderEpochResponseData.EpochEndOffset()
                        .setPartition(p.partition()).setLeaderEpoch(-1).setEndOffset(-1);
                tr.partitions().add(r);
                PartitionLog log = topic == null ? null : logs.get(new TopicIdPartition(topic.id(), p.partition(), t.topic()));
                if (topic == null) {
                    r.setErrorCode(Errors.UNKNOWN_TOPIC_OR_PARTITION.code());
                } else if (log == null) {
                    r.setErrorCode(Errors.NOT_LEADER_OR_FOLLOWER.code());
                } else if (p.currentLeaderEpoch() >= 0 && p.currentLeaderEpoch() < log.epoch()) {
                    r.setErrorCode(Errors.FENCED_LEADER_EPOCH.code());
                } else if (p.currentLeaderEpoch() > log.epoch() || p.leaderEpoch() > log.epoch()) {
                    r.setErrorCode(Errors.UNKNOWN_LEADER_EPOCH.code());
                } else {
                    r.setLeaderEpoch(p.leaderEpoch()).setEndOffset(log.highWatermark());
                }
            }
        }
        return CompletableFuture.completedFuture(resp);
    }
}
