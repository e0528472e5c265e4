package dev.floe.broker.protocol.handlers;

import dev.floe.broker.catalog.ClusterSnapshot;
import dev.floe.broker.catalog.MetadataCache;
import dev.floe.broker.catalog.TopicInfo;
import dev.floe.broker.controller.TopicService;
import dev.floe.broker.protocol.ApiHandler;
import dev.floe.broker.protocol.RequestContext;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.message.DeleteTopicsRequestData;
import org.apache.kafka.common.message.DeleteTopicsResponseData;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.Errors;

import java.util.concurrent.CompletableFuture;

/** DeleteTopics by name (v1–5) or name/id (v6): catalog rows go at once, objects via the collector. */
public final class DeleteTopicsHandler implements ApiHandler<DeleteTopicsRequestData> {
    private final MetadataCache metadata;
    private final TopicService topicService;

    public DeleteTopicsHandler(MetadataCache metadata, TopicService topicService) {
        this.metadata = metadata;
        this.topicService = topicService;
    }

    @Override
    public ApiKeys apiKey() {
        return ApiKeys.DELETE_TOPICS;
    }

    @Override
    public short minVersion() {
        return 1;
    }

    @Override
    public short maxVersion() {
        return 6;
    }

    @Override
    public CompletableFuture<DeleteTopicsResponseData> handle(RequestContext ctx, DeleteTopicsRequestData req) {
        DeleteTopicsResponseData resp = new DeleteTopicsResponseData();
        ClusterSnapshot s = metadata.refresh();
        if (ctx.apiVersion() < 6) {
            for (String name : req.topicNames()) {
                resp.responses().add(delete(s, name, null));
            }
        } else {
            for (DeleteTopicsRequestData.DeleteTopicState t : req.topics()) {
                resp.responses().add(delete(s, t.name(), t.topicId()));
            }
        }
        return CompletableFuture.completedFuture(resp);
    }

    private DeleteTopicsResponseData.DeletableTopicResult delete(ClusterSnapshot s, String name, Uuid id) {
        TopicInfo t = name != null ? s.topicsByName().get(name)
                : id != null && !Uuid.ZERO_UUID.equals(id) ? s.topicsById().get(id) : null;
        DeleteTopicsResponseData.DeletableTopicResult r = new DeleteTopicsResponseData.DeletableTopicResult().setName(name)
                .setTopicId(id == null ? Uuid.ZERO_UUID : id);
        if (t == null || t.internal()) {
            return r.setErrorCode((name == null ? Errors.UNKNOWN_TOPIC_ID : Errors.UNKNOWN_TOPIC_OR_PARTITION).code());
        }
        topicService.delete(t);
        return r.setName(t.name()).setTopicId(t.id()).setErrorCode(Errors.NONE.code());
    }
}
