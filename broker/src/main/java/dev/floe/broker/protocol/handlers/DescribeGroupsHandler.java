package dev.floe.broker.protocol.handlers;

import dev.floe.broker.group.GroupCoordinator;
import dev.floe.broker.protocol.ApiHandler;
import dev.floe.broker.protocol.RequestContext;
import org.apache.kafka.common.message.DescribeGroupsRequestData;
import org.apache.kafka.common.message.DescribeGroupsResponseData;
import org.apache.kafka.common.protocol.ApiKeys;

import java.util.concurrent.CompletableFuture;

/** DescribeGroups: state, protocol and members with their assignments. */
public final class DescribeGroupsHandler implements ApiHandler<DescribeGroupsRequestData> {
    private final GroupCoordinator groups;

    public DescribeGroupsHandler(GroupCoordinator groups) {
        this.groups = groups;
    }

    @Override
    public ApiKeys apiKey() {
        return ApiKeys.DESCRIBE_GROUPS;
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
    public CompletableFuture<DescribeGroupsResponseData> handle(RequestContext ctx, DescribeGroupsRequestData req) {
        DescribeGroupsResponseData resp = new DescribeGroupsResponseData();
        for (String id : req.groups()) {
            resp.groups().add(groups.describe(id).setAuthorizedOperations(Integer.MIN_VALUE));
        }
        return CompletableFuture.completedFuture(resp);
    }
}
