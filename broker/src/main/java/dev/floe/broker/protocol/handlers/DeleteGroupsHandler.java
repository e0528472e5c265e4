package dev.floe.broker.protocol.handlers;

import dev.floe.broker.group.GroupCoordinator;
import dev.floe.broker.protocol.ApiHandler;
import dev.floe.broker.protocol.RequestContext;
import org.apache.kafka.common.message.DeleteGroupsRequestData;
import org.apache.kafka.common.message.DeleteGroupsResponseData;
import org.apache.kafka.common.protocol.ApiKeys;

import java.util.concurrent.CompletableFuture;

/** DeleteGroups: only groups without members; their committed offsets go too. */
public final class DeleteGroupsHandler implements ApiHandler<DeleteGroupsRequestData> {
    private final GroupCoordinator groups;

    public DeleteGroupsHandler(GroupCoordinator groups) {
        this.groups = groups;
    }

    @Override
    public ApiKeys apiKey() {
        return ApiKeys.DELETE_GROUPS;
    }

    @Override
    public short minVersion() {
        return 0;
    }

    @Override
    public short maxVersion() {
        return 2;
    }

    @Override
    public CompletableFuture<DeleteGroupsResponseData> handle(RequestContext ctx, DeleteGroupsRequestData req) {
        DeleteGroupsResponseData resp = new DeleteGroupsResponseData();
        for (String id : req.groupsNames()) {
            resp.results().add(new DeleteGroupsResponseData.DeletableGroupResult().setGroupId(id)
                    .setErrorCode(groups.delete(id).code()));
        }
        return CompletableFuture.completedFuture(resp);
    }
}
