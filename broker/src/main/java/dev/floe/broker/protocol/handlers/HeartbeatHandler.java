package dev.floe.broker.protocol.handlers;

import dev.floe.broker.group.GroupCoordinator;
import dev.floe.broker.protocol.ApiHandler;
import dev.floe.broker.protocol.RequestContext;
import org.apache.kafka.common.message.HeartbeatRequestData;
import org.apache.kafka.common.message.HeartbeatResponseData;
import org.apache.kafka.common.protocol.ApiKeys;

import java.util.concurrent.CompletableFuture;

/** Heartbeat: keeps a member's session alive and tells it when to rejoin. */
public final class HeartbeatHandler implements ApiHandler<HeartbeatRequestData> {
    private final GroupCoordinator groups;

    public HeartbeatHandler(GroupCoordinator groups) {
        this.groups = groups;
    }

    @Override
    public ApiKeys apiKey() {
        return ApiKeys.HEARTBEAT;
    }

    @Override
    public short minVersion() {
        return 0;
    }

    @Override
    public short maxVersion() {
        return 4;
    }

    @Override
    public CompletableFuture<HeartbeatResponseData> handle(RequestContext ctx, HeartbeatRequestData req) {
        return CompletableFuture.completedFuture(new HeartbeatResponseData()
                .setErrorCode(groups.heartbeat(req.groupId(), req.memberId(), req.generationId()).code()));
    }
}
