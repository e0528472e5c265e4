package dev.floe.broker.protocol.handlers;

import dev.floe.broker.group.GroupCoordinator;
import dev.floe.broker.protocol.ApiHandler;
import dev.floe.broker.protocol.RequestContext;
import org.apache.kafka.common.message.ListGroupsRequestData;
import org.apache.kafka.common.message.ListGroupsResponseData;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.Errors;

import java.util.concurrent.CompletableFuture;

/** ListGroups: the groups this broker coordinates (admin clients ask every broker). */
public final class ListGroupsHandler implements ApiHandler<ListGroupsRequestData> {
    private final GroupCoordinator groups;

    public ListGroupsHandler(GroupCoordinator groups) {
        this.groups = groups;
    }

    @Override
    public ApiKeys apiKey() {
        return ApiKeys.LIST_GROUPS;
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
    public CompletableFuture<ListGroupsResponseData> handle(RequestContext ctx, ListGroupsRequestData req) {
        ListGroupsResponseData resp = new ListGroupsResponseData().setErrorCode(Errors.NONE.code());
        for (GroupCoordinator.ListedGroup g : groups.list()) {
            if (!req.statesFilter().isEmpty() && req.statesFilter().stream().noneMatch(s -> s.equalsIgnoreCase(g.state().wireName()))) {
                continue;
            }
            if (!req.typesFilter().isEmpty() && req.typesFilter().stream().noneMatch(t -> t.equalsIgnoreCase("classic"))) {
                continue;
            }
            resp.groups().add(new ListGroupsResponseData.ListedGroup().setGroupId(g.groupId())
                    .setProtocolType(g.protocolType()).setGroupState(g.state().wireName()).setGroupType("classic"));
        }
        return CompletableFuture.completedFuture(resp);
    }
}
