package dev.floe.broker.protocol.handlers;

import dev.floe.broker.catalog.MetadataCache;
import dev.floe.broker.catalog.TopicInfo;
import dev.floe.broker.config.TopicConfigs;
import dev.floe.broker.controller.TopicService;
import dev.floe.broker.protocol.ApiHandler;
import dev.floe.broker.protocol.RequestContext;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.message.IncrementalAlterConfigsRequestData;
import org.apache.kafka.common.message.IncrementalAlterConfigsResponseData;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.Errors;

import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

/** IncrementalAlterConfigs for topic configs: SET and DELETE, all-or-nothing per topic. */
public final class IncrementalAlterConfigsHandler implements ApiHandler<IncrementalAlterConfigsRequestData> {
    private final MetadataCache metadata;
    private final TopicService topicService;
    private final TopicConfigs topicConfigs;

    public IncrementalAlterConfigsHandler(MetadataCache metadata, TopicService topicService, TopicConfigs topicConfigs) {
        this.metadata = metadata;
        this.topicService = topicService;
        this.topicConfigs = topicConfigs;
    }

    @Override
    public ApiKeys apiKey() {
        return ApiKeys.INCREMENTAL_ALTER_CONFIGS;
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
    public CompletableFuture<IncrementalAlterConfigsResponseData> handle(RequestContext ctx, IncrementalAlterConfigsRequestData req) {
        IncrementalAlterConfigsResponseData resp = new IncrementalAlterConfigsResponseData();
        metadata.refresh();
        for (IncrementalAlterConfigsRequestData.AlterConfigsResource r : req.resources()) {
            IncrementalAlterConfigsResponseData.AlterConfigsResourceResponse out = new IncrementalAlterConfigsResponseData.AlterConfigsResourceResponse()
                    .setResourceType(r.resourceType()).setResourceName(r.resourceName());
            resp.responses().add(out);
            if (r.resourceType() != ConfigResource.Type.TOPIC.id()) {
                out.setErrorCode(Errors.INVALID_REQUEST.code()).setErrorMessage("only topic configs can be altered; broker settings come from its config");
                continue;
            }
            TopicInfo t = metadata.current().topicsByName().get(r.resourceName());
            if (t == null || t.internal()) {
                out.setErrorCode(Errors.UNKNOWN_TOPIC_OR_PARTITION.code()).setErrorMessage("unknown topic " + r.resourceName());
                continue;
            }
            Map<String, String> set = new LinkedHashMap<>();
            Set<String> delete = new HashSet<>();
            String problem = null;
            for (IncrementalAlterConfigsRequestData.AlterableConfig c : r.configs()) {
                AlterConfigOp.OpType op = AlterConfigOp.OpType.forId(c.configOperation());
                if (op == AlterConfigOp.OpType.SET) {
                    problem = topicConfigs.validate(c.name(), c.value());
                    set.put(c.name(), c.value());
                } else if (op == AlterConfigOp.OpType.DELETE) {
                    problem = topicConfigs.known(c.name()) ? null : "unknown topic config '" + c.name() + "'";
                    delete.add(c.name());
                } else {
                    problem = "operation " + op + " is not supported for '" + c.name() + "' (not a list config)";
                }
                if (problem != null) {
                    break;
                }
            }
            if (problem != null) {
                out.setErrorCode(Errors.INVALID_CONFIG.code()).setErrorMessage(problem);
                continue;
            }
            if (!req.validateOnly()) {
                topicService.alterConfigs(t, set, delete);
            }
            out.setErrorCode(Errors.NONE.code());
        }
        return CompletableFuture.completedFuture(resp);
    }
}
