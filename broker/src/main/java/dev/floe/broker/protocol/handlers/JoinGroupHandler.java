package dev.floe.broker.protocol.handlers;

import dev.floe.broker.group.GroupCoordinator;
import dev.floe.broker.protocol.ApiHandler;
import dev.floe.broker.protocol.RequestContext;
import org.apache.kafka.common.message.JoinGroupRequestData;
import org.apache.kafka.common.message.JoinGroupResponseData;
import org.apache.kafka.common.protocol.ApiKeys;

import java.util.concurrent.CompletableFuture;

/** JoinGroup (classic protocol): answered when the rebalance completes. */
public final class JoinGroupHandler implements ApiHandler<JoinGroupRequestData> {
    private final GroupCoordinator groups;

    public JoinGroupHandler(GroupCoordinator groups) {
        this.groups = groups;
    }

    @Override
    public ApiKeys apiKey() {
        return ApiKeys.JOIN_GROUP;
    }

    @Override
    public short minVersion() {
        return 0;
    }

    @Override
    public short maxVersion() {
        return 9;
    }

    @Override
    public CompletableFuture<JoinGroupResponseData> handle(RequestContext ctx, JoinGroupRequestData req) {
        if (ctx.apiVersion() == 0) {
            req.setRebalanceTimeoutMs(req.sessionTimeoutMs());
        }
        return groups.join(req, ctx.clientId(), ctx.clientHost(), ctx.apiVersion()).thenApply(r -> {
            // Before v7 the protocol name is not nullable.
            if (ctx.apiVersion() < 7 && r.protocolName() == null) {
                r.setProtocolName("");
            }
            return r;
        });
    }
}
