package dev.floe.broker.protocol.handlers;

import dev.floe.broker.catalog.MetadataCache;
import dev.floe.broker.catalog.TopicInfo;
import dev.floe.broker.config.TopicConfigs;
import dev.floe.broker.log.AppendResult;
import dev.floe.broker.log.BatchValidator;
import dev.floe.broker.log.LogManager;
import dev.floe.broker.log.PartitionLog;
import dev.floe.broker.protocol.ApiHandler;
import dev.floe.broker.protocol.RequestContext;
import dev.floe.broker.traffic.TrafficCounters;
import org.apache.kafka.common.TopicIdPartition;
import org.apache.kafka.common.errors.ApiException;
import org.apache.kafka.common.message.ProduceRequestData;
import org.apache.kafka.common.message.ProduceResponseData;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.record.MemoryRecords;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * Produce: validates each partition's batches, appends them to the owned partition and answers once
 * every append is fsync'd. Versions 0–2 are advertised only because librdkafka looks for them; they
 * are not served (kafka-clients cannot even parse them any more), a client gets v3+.
 */
public final class ProduceHandler implements ApiHandler<ProduceRequestData> {
    private final MetadataCache metadata;
    private final LogManager logs;
    private final TopicConfigs topicConfigs;
    private final TrafficCounters traffic;

    public ProduceHandler(MetadataCache metadata, LogManager logs, TopicConfigs topicConfigs, TrafficCounters traffic) {
        this.traffic = traffic;
        this.metadata = metadata;
        this.logs = logs;
        this.topicConfigs = topicConfigs;
    }

    @Override
    public ApiKeys apiKey() {
        return ApiKeys.PRODUCE;
    }

    @Override
    public short minVersion() {
        return 0;
    }

    @Override
    public short maxVersion() {
        return 12;
    }

    /** {@code tp} is null for a topic this broker does not know. */
    private record Pending(ProduceResponseData.TopicProduceResponse topic, TopicIdPartition tp, int partition, int bytes,
                           CompletableFuture<AppendResult> result) {
    }

    @Override
    public CompletableFuture<ProduceResponseData> handle(RequestContext ctx, ProduceRequestData req) {
        List<Pending> pending = new ArrayList<>();
        ProduceResponseData resp = new ProduceResponseData();
        for (ProduceRequestData.TopicProduceData td : req.topicData()) {
            ProduceResponseData.TopicProduceResponse tr = new ProduceResponseData.TopicProduceResponse().setName(td.name());
            resp.responses().add(tr);
            TopicInfo topic = metadata.current().topicsByName().get(td.name());
            for (ProduceRequestData.PartitionProduceData pd : td.partitionData()) {
                int bytes = pd.records() == null ? 0 : pd.records().sizeInBytes();
                TopicIdPartition tp = topic == null ? null : new TopicIdPartition(topic.id(), pd.index(), td.name());
                pending.add(new Pending(tr, tp, pd.index(), bytes, append(topic, td.name(), pd)));
            }
        }
        CompletableFuture<?>[] all = pending.stream().map(Pending::result).toArray(CompletableFuture[]::new);
        return CompletableFuture.allOf(all).thenApply(v -> {
            // Checked after the WAL fsync: a write acknowledged now is in the WAL before the lease can lapse,
            // so whoever recovers this WAL after a fence finds it.
            boolean leaseHeld = logs.leaseHeld();
            for (Pending p : pending) {
                AppendResult r = p.result().join();
                Errors error = r.error() == Errors.NONE && !leaseHeld ? Errors.NOT_LEADER_OR_FOLLOWER : r.error();
                if (error == Errors.NONE) {
                    traffic.received(p.tp(), p.bytes()); // only what was taken in: rejected batches are no load to balance
                }
                p.topic().partitionResponses().add(new ProduceResponseData.PartitionProduceResponse()
                        .setIndex(p.partition())
                        .setErrorCode(error.code())
                        .setErrorMessage(r.message())
                        .setBaseOffset(r.baseOffset())
                        .setLogAppendTimeMs(-1)
                        .setLogStartOffset(r.logStartOffset()));
            }
            return req.acks() == 0 ? null : resp;
        });
    }

    private CompletableFuture<AppendResult> append(TopicInfo topic, String name, ProduceRequestData.PartitionProduceData pd) {
        if (topic == null || topic.internal() || pd.index() < 0 || pd.index() >= topic.partitionCount()) {
            return done(AppendResult.error(Errors.UNKNOWN_TOPIC_OR_PARTITION, null));
        }
        PartitionLog p = logs.get(new TopicIdPartition(topic.id(), pd.index(), name));
        if (p == null) {
            return done(AppendResult.error(Errors.NOT_LEADER_OR_FOLLOWER, null));
        }
        if (!(pd.records() instanceof MemoryRecords records)) {
            return done(AppendResult.error(Errors.CORRUPT_MESSAGE, "no records"));
        }
        List<BatchValidator.ValidBatch> batches;
        try {
            int max = (int) topicConfigs.longValue(topic.configs(), TopicConfigs.MAX_MESSAGE_BYTES);
            batches = BatchValidator.validate(records, max);
        } catch (ApiException e) {
            return done(AppendResult.error(Errors.forException(e), e.getMessage()));
        } catch (RuntimeException e) {
            return done(AppendResult.error(Errors.CORRUPT_MESSAGE, e.getMessage()));
        }
        return p.append(batches);
    }

    private static CompletableFuture<AppendResult> done(AppendResult r) {
        return CompletableFuture.completedFuture(r);
    }
}
