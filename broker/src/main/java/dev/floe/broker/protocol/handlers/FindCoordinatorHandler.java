package dev.floe.broker.protocol.handlers;

import dev.floe.broker.catalog.BrokerInfo;
import dev.floe.broker.catalog.ClusterSnapshot;
import dev.floe.broker.catalog.MetadataCache;
import dev.floe.broker.catalog.TopicInfo;
import dev.floe.broker.controller.Controller;
import dev.floe.broker.group.GroupCoordinator;
import dev.floe.broker.protocol.ApiHandler;
import dev.floe.broker.protocol.RequestContext;
import org.apache.kafka.common.message.FindCoordinatorRequestData;
import org.apache.kafka.common.message.FindCoordinatorResponseData;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.requests.FindCoordinatorRequest;

import java.util.concurrent.CompletableFuture;

/** FindCoordinator for consumer groups: the broker owning the group's slot. */
public final class FindCoordinatorHandler implements ApiHandler<FindCoordinatorRequestData> {
    private final MetadataCache metadata;
    private final GroupCoordinator groups;

    public FindCoordinatorHandler(MetadataCache metadata, GroupCoordinator groups) {
        this.metadata = metadata;
        this.groups = groups;
    }

    @Override
    public ApiKeys apiKey() {
        return ApiKeys.FIND_COORDINATOR;
    }

    @Override
    public short minVersion() {
        return 0;
    }

    @Override
    public short maxVersion() {
        return 5;
    }

    @Override
    public CompletableFuture<FindCoordinatorResponseData> handle(RequestContext ctx, FindCoordinatorRequestData req) {
        FindCoordinatorResponseData resp = new FindCoordinatorResponseData();
        if (ctx.apiVersion() < 4) {
            FindCoordinatorResponseData.Coordinator c = find(req.key(), req.keyType());
            return CompletableFuture.completedFuture(resp.setErrorCode(c.errorCode()).setErrorMessage(c.errorMessage())
                    .setNodeId(c.nodeId()).setHost(c.host()).setPort(c.port()));
        }
        for (String key : req.coordinatorKeys()) {
            resp.coordinators().add(find(key, req.keyType()));
        }
        return CompletableFuture.completedFuture(resp);
    }

    private FindCoordinatorResponseData.Coordinator find(String key, byte keyType) {
        FindCoordinatorResponseData.Coordinator c = new FindCoordinatorResponseData.Coordinator().setKey(key)
                .setNodeId(-1).setHost("").setPort(-1);
        if (keyType != FindCoordinatorRequest.CoordinatorType.GROUP.id()) {
            return c.setErrorCode(Errors.INVALID_REQUEST.code()).setErrorMessage("only group coordinators exist (no transactions)");
        }
        if (key == null || key.isEmpty()) {
            return c.setErrorCode(Errors.INVALID_GROUP_ID.code());
        }
        ClusterSnapshot s = metadata.current();
        TopicInfo slots = s.topicsByName().get(Controller.GROUP_SLOTS_TOPIC);
        Integer owner = slots == null ? null : s.liveOwner(slots, groups.slotOf(key));
        BrokerInfo b = owner == null ? null : s.broker(owner);
        if (b == null) {
            return c.setErrorCode(Errors.COORDINATOR_NOT_AVAILABLE.code());
        }
        return c.setErrorCode(Errors.NONE.code()).setNodeId(b.nodeId()).setHost(b.host()).setPort(b.port());
    }
}
