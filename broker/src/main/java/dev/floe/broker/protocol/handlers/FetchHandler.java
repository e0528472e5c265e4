package dev.floe.broker.protocol.handlers;

import dev.floe.broker.catalog.MetadataCache;
import dev.floe.broker.catalog.TopicInfo;
import dev.floe.broker.log.LogManager;
import dev.floe.broker.log.PartitionLog;
import dev.floe.broker.log.ReadResult;
import dev.floe.broker.protocol.ApiHandler;
import dev.floe.broker.protocol.RequestContext;
import dev.floe.broker.traffic.TrafficCounters;
import org.apache.kafka.common.TopicIdPartition;
import org.apache.kafka.common.message.FetchRequestData;
import org.apache.kafka.common.message.FetchResponseData;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.record.MemoryRecords;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Fetch with long poll: reads what is there; if fewer than minBytes, waits for an append to any of
 * the fetched partitions or for maxWaitMs, then reads again. No fetch sessions: the response's session
 * id 0 tells clients to keep sending full requests.
 */
public final class FetchHandler implements ApiHandler<FetchRequestData> {
    private final MetadataCache metadata;
    private final LogManager logs;
    private final Executor workers;
    private final ScheduledExecutorService timers;
    private final TrafficCounters traffic;

    public FetchHandler(MetadataCache metadata, LogManager logs, Executor workers, ScheduledExecutorService timers,
                        TrafficCounters traffic) {
        this.traffic = traffic;
        this.metadata = metadata;
        this.logs = logs;
        this.workers = workers;
        this.timers = timers;
    }

    @Override
    public ApiKeys apiKey() {
        return ApiKeys.FETCH;
    }

    @Override
    public short minVersion() {
        return 4;
    }

    @Override
    public short maxVersion() {
        return 12;
    }

    private record Wanted(String topic, TopicIdPartition tp, FetchRequestData.FetchPartition request, Errors error) {
    }

    @Override
    public CompletableFuture<FetchResponseData> handle(RequestContext ctx, FetchRequestData req) {
        List<Wanted> wanted = new ArrayList<>();
        for (FetchRequestData.FetchTopic ft : req.topics()) {
            TopicInfo topic = metadata.current().topicsByName().get(ft.topic());
            for (FetchRequestData.FetchPartition fp : ft.partitions()) {
                Errors error = Errors.NONE;
                TopicIdPartition tp = null;
                if (topic == null || topic.internal() || fp.partition() < 0 || fp.partition() >= topic.partitionCount()) {
                    error = Errors.UNKNOWN_TOPIC_OR_PARTITION;
                } else {
                    tp = new TopicIdPartition(topic.id(), fp.partition(), ft.topic());
                    PartitionLog p = logs.get(tp);
                    if (p == null) {
                        error = Errors.NOT_LEADER_OR_FOLLOWER;
                    } else if (fp.currentLeaderEpoch() >= 0 && fp.currentLeaderEpoch() != p.epoch()) {
                        // A consumer with an older epoch refreshes metadata; a newer one means we are behind.
                        error = fp.currentLeaderEpoch() < p.epoch() ? Errors.FENCED_LEADER_EPOCH : Errors.UNKNOWN_LEADER_EPOCH;
                    }
                }
                wanted.add(new Wanted(ft.topic(), tp, fp, error));
            }
        }
        return new LongPoll(req, wanted).start();
    }

    /** One fetch waiting for data; re-reads on every append to a fetched partition until satisfied or expired. */
    private final class LongPoll {
        private final FetchRequestData req;
        private final List<Wanted> wanted;
        private final CompletableFuture<FetchResponseData> result = new CompletableFuture<>();
        private final AtomicBoolean rereadQueued = new AtomicBoolean();
        private final List<PartitionLog> watched = new ArrayList<>();
        private final Runnable wake = this::wake;
        private volatile boolean expired;

        LongPoll(FetchRequestData req, List<Wanted> wanted) {
            this.req = req;
            this.wanted = wanted;
        }

        CompletableFuture<FetchResponseData> start() {
            if (req.maxWaitMs() > 0 && req.minBytes() > 0) {
                for (Wanted w : wanted) {
                    PartitionLog p = w.tp() == null ? null : logs.get(w.tp());
                    if (p != null) {
                        p.addListener(wake);
                        watched.add(p);
                    }
                }
                timers.schedule(() -> {
                    expired = true;
                    wake();
                }, req.maxWaitMs(), TimeUnit.MILLISECONDS);
            } else {
                expired = true;
            }
            attempt();
            result.whenComplete((r, e) -> watched.forEach(p -> p.removeListener(wake)));
            return result;
        }

        private void wake() {
            if (!result.isDone() && rereadQueued.compareAndSet(false, true)) {
                workers.execute(() -> {
                    rereadQueued.set(false);
                    attempt();
                });
            }
        }

        private void attempt() {
            if (result.isDone()) {
                return;
            }
            boolean last = expired;
            List<CompletableFuture<ReadResult>> reads = new ArrayList<>();
            int budget = Math.max(1, req.maxBytes());
            for (Wanted w : wanted) {
                if (w.error() != Errors.NONE) {
                    reads.add(CompletableFuture.completedFuture(ReadResult.error(w.error())));
                } else {
                    int max = Math.min(w.request().partitionMaxBytes(), budget);
                    reads.add(logs.read(w.tp(), w.request().fetchOffset(), max));
                }
            }
            CompletableFuture.allOf(reads.toArray(CompletableFuture[]::new)).whenComplete((v, e) -> {
                long bytes = 0;
                boolean anyError = false;
                for (CompletableFuture<ReadResult> r : reads) {
                    ReadResult rr = r.join();
                    bytes += rr.sizeInBytes();
                    anyError |= rr.error() != Errors.NONE;
                }
                if (last || anyError || bytes >= req.minBytes()) {
                    result.complete(response(reads));
                }
            });
        }

        private FetchResponseData response(List<CompletableFuture<ReadResult>> reads) {
            FetchResponseData resp = new FetchResponseData().setErrorCode(Errors.NONE.code()).setSessionId(0);
            FetchResponseData.FetchableTopicResponse current = null;
            for (int i = 0; i < wanted.size(); i++) {
                Wanted w = wanted.get(i);
                ReadResult r = reads.get(i).join();
                if (current == null || !current.topic().equals(w.topic())) {
                    current = new FetchResponseData.FetchableTopicResponse().setTopic(w.topic());
                    resp.responses().add(current);
                }
                current.partitions().add(new FetchResponseData.PartitionData()
                        .setPartitionIndex(w.request().partition())
                        .setErrorCode(r.error().code())
                        .setHighWatermark(r.highWatermark())
                        .setLastStableOffset(r.highWatermark())
                        .setLogStartOffset(r.logStartOffset())
                        .setAbortedTransactions(null)
                        .setPreferredReadReplica(-1)
                        .setRecords(r.error() == Errors.NONE ? r.records() : MemoryRecords.EMPTY));
                if (r.error() == Errors.NONE && w.tp() != null) {
                    traffic.sent(w.tp(), r.sizeInBytes());
                }
            }
            return resp;
        }
    }
}
