package dev.floe.broker.protocol.handlers;

import dev.floe.broker.catalog.CatalogOffsets;
import dev.floe.broker.group.GroupCoordinator;
import dev.floe.broker.protocol.ApiHandler;
import dev.floe.broker.protocol.RequestContext;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.message.OffsetFetchRequestData;
import org.apache.kafka.common.message.OffsetFetchResponseData;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.Errors;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/** OffsetFetch: committed offsets from the catalog, one group (v0–7) or several (v8+). */
public final class OffsetFetchHandler implements ApiHandler<OffsetFetchRequestData> {
    private final GroupCoordinator groups;

    public OffsetFetchHandler(GroupCoordinator groups) {
        this.groups = groups;
    }

    @Override
    public ApiKeys apiKey() {
        return ApiKeys.OFFSET_FETCH;
    }

    @Override
    public short minVersion() {
        return 1;
    }

    @Override
    public short maxVersion() {
        return 9;
    }

    private record Result(Errors error, Map<String, List<OffsetFetchResponseData.OffsetFetchResponsePartitions>> topics) {
    }

    @Override
    public CompletableFuture<OffsetFetchResponseData> handle(RequestContext ctx, OffsetFetchRequestData req) {
        OffsetFetchResponseData resp = new OffsetFetchResponseData();
        if (ctx.apiVersion() < 8) {
            Map<String, List<Integer>> wanted = null;
            if (req.topics() != null) {
                wanted = new LinkedHashMap<>();
                for (OffsetFetchRequestData.OffsetFetchRequestTopic t : req.topics()) {
                    wanted.put(t.name(), t.partitionIndexes());
                }
            }
            Result r = fetch(req.groupId(), wanted);
            r.topics().forEach((name, parts) -> {
                OffsetFetchResponseData.OffsetFetchResponseTopic rt = new OffsetFetchResponseData.OffsetFetchResponseTopic().setName(name);
                for (OffsetFetchResponseData.OffsetFetchResponsePartitions p : parts) {
                    rt.partitions().add(new OffsetFetchResponseData.OffsetFetchResponsePartition()
                            .setPartitionIndex(p.partitionIndex()).setCommittedOffset(p.committedOffset())
                            .setCommittedLeaderEpoch(p.committedLeaderEpoch()).setMetadata(p.metadata()).setErrorCode(p.errorCode()));
                }
                resp.topics().add(rt);
            });
            return CompletableFuture.completedFuture(resp.setErrorCode(r.error().code()));
        }
        for (OffsetFetchRequestData.OffsetFetchRequestGroup g : req.groups()) {
            Map<String, List<Integer>> wanted = null;
            if (g.topics() != null) {
                wanted = new LinkedHashMap<>();
                for (OffsetFetchRequestData.OffsetFetchRequestTopics t : g.topics()) {
                    wanted.put(t.name(), t.partitionIndexes());
                }
            }
            Result r = fetch(g.groupId(), wanted);
            OffsetFetchResponseData.OffsetFetchResponseGroup rg = new OffsetFetchResponseData.OffsetFetchResponseGroup()
                    .setGroupId(g.groupId()).setErrorCode(r.error().code());
            r.topics().forEach((name, parts) -> {
                OffsetFetchResponseData.OffsetFetchResponseTopics rt = new OffsetFetchResponseData.OffsetFetchResponseTopics().setName(name);
                for (OffsetFetchResponseData.OffsetFetchResponsePartitions p : parts) {
                    rt.partitions().add(new OffsetFetchResponseData.OffsetFetchResponsePartitions()
                            .setPartitionIndex(p.partitionIndex()).setCommittedOffset(p.committedOffset())
                            .setCommittedLeaderEpoch(p.committedLeaderEpoch()).setMetadata(p.metadata()).setErrorCode(p.errorCode()));
                }
                rg.topics().add(rt);
            });
            resp.groups().add(rg);
        }
        return CompletableFuture.completedFuture(resp);
    }

    private Result fetch(String groupId, Map<String, List<Integer>> wanted) {
        Map<String, List<OffsetFetchResponseData.OffsetFetchResponsePartitions>> out = new LinkedHashMap<>();
        if (!groups.coordinates(groupId)) {
            return new Result(Errors.NOT_COORDINATOR, out);
        }
        Map<TopicPartition, CatalogOffsets.Committed> committed;
        try {
            committed = groups.fetch(groupId);
        } catch (RuntimeException e) {
            return new Result(Errors.COORDINATOR_NOT_AVAILABLE, out);
        }
        if (wanted == null) {
            committed.forEach((tp, c) -> out.computeIfAbsent(tp.topic(), k -> new java.util.ArrayList<>()).add(partition(tp.partition(), c)));
        } else {
            wanted.forEach((topic, parts) -> {
                List<OffsetFetchResponseData.OffsetFetchResponsePartitions> list = new java.util.ArrayList<>();
                for (int p : parts) {
                    list.add(partition(p, committed.get(new TopicPartition(topic, p))));
                }
                out.put(topic, list);
            });
        }
        return new Result(Errors.NONE, out);
    }

    private static OffsetFetchResponseData.OffsetFetchResponsePartitions partition(int index, CatalogOffsets.Committed c) {
        return new OffsetFetchResponseData.OffsetFetchResponsePartitions().setPartitionIndex(index)
                .setCommittedOffset(c == null ? -1 : c.offset())
                .setCommittedLeaderEpoch(c == null ? -1 : c.leaderEpoch())
                .setMetadata(c == null ? "" : c.metadata());
    }
}
