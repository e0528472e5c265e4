package dev.floe.broker.protocol.handlers;

import dev.floe.broker.catalog.ClusterSnapshot;
import dev.floe.broker.catalog.MetadataCache;
import dev.floe.broker.catalog.TopicInfo;
import dev.floe.broker.controller.TopicService;
import dev.floe.broker.protocol.ApiHandler;
import dev.floe.broker.protocol.RequestContext;
import org.apache.kafka.common.message.CreatePartitionsRequestData;
import org.apache.kafka.common.message.CreatePartitionsResponseData;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.Errors;

import java.util.concurrent.CompletableFuture;

/** CreatePartitions: grows a topic; new partitions are spread over serving brokers. */
public final class CreatePartitionsHandler implements ApiHandler<CreatePartitionsRequestData> {
    private final MetadataCache metadata;
    private final TopicService topicService;

    public CreatePartitionsHandler(MetadataCache metadata, TopicService topicService) {
        this.metadata = metadata;
        this.topicService = topicService;
    }

    @Override
    public ApiKeys apiKey() {
        return ApiKeys.CREATE_PARTITIONS;
    }

    @Override
    public short minVersion() {
        return 0;
    }

    @Override
    public short maxVersion() {
        return 3;
    }

    @Override
    public CompletableFuture<CreatePartitionsResponseData> handle(RequestContext ctx, CreatePartitionsRequestData req) {
        CreatePartitionsResponseData resp = new CreatePartitionsResponseData();
        ClusterSnapshot s = metadata.refresh();
        for (CreatePartitionsRequestData.CreatePartitionsTopic t : req.topics()) {
            CreatePartitionsResponseData.CreatePartitionsTopicResult r = new CreatePartitionsResponseData.CreatePartitionsTopicResult().setName(t.name());
            resp.results().add(r);
            TopicInfo topic = s.topicsByName().get(t.name());
            if (topic == null || topic.internal()) {
                r.setErrorCode(Errors.UNKNOWN_TOPIC_OR_PARTITION.code());
            } else if (t.count() <= topic.partitionCount()) {
                r.setErrorCode(Errors.INVALID_PARTITIONS.code())
                        .setErrorMessage("topic has " + topic.partitionCount() + " partitions; the new count must be larger");
            } else if (t.assignments() != null && !t.assignments().isEmpty()) {
                r.setErrorCode(Errors.INVALID_REQUEST.code()).setErrorMessage("manual assignment is not supported");
            } else if (!req.validateOnly()) {
                try {
                    topicService.addPartitions(topic, t.count());
                    r.setErrorCode(Errors.NONE.code());
                } catch (RuntimeException e) {
                    r.setErrorCode(Errors.INVALID_PARTITIONS.code()).setErrorMessage(e.getMessage());
                }
            }
        }
        return CompletableFuture.completedFuture(resp);
    }
}
