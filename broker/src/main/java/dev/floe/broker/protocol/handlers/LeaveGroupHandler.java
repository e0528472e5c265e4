package dev.floe.broker.protocol.handlers;

import dev.floe.broker.group.GroupCoordinator;
import dev.floe.broker.protocol.ApiHandler;
import dev.floe.broker.protocol.RequestContext;
import org.apache.kafka.common.message.LeaveGroupRequestData;
import org.apache.kafka.common.message.LeaveGroupResponseData;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.Errors;

import java.util.concurrent.CompletableFuture;

/** LeaveGroup: one member (v0–2) or several (v3+) leave and the rest rebalance. */
public final class LeaveGroupHandler implements ApiHandler<LeaveGroupRequestData> {
    private final GroupCoordinator groups;

    public LeaveGroupHandler(GroupCoordinator groups) {
        this.groups = groups;
    }

    @Override
    public ApiKeys apiKey() {
        return ApiKeys.LEAVE_GROUP;
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
    public CompletableFuture<LeaveGroupResponseData> handle(RequestContext ctx, LeaveGroupRequestData req) {
        LeaveGroupResponseData resp = new LeaveGroupResponseData();
        if (ctx.apiVersion() < 3) {
            return CompletableFuture.completedFuture(resp.setErrorCode(groups.leave(req.groupId(), req.memberId()).code()));
        }
        if (!groups.coordinates(req.groupId())) {
            return CompletableFuture.completedFuture(resp.setErrorCode(Errors.NOT_COORDINATOR.code()));
        }
        for (LeaveGroupRequestData.MemberIdentity m : req.members()) {
            resp.members().add(new LeaveGroupResponseData.MemberResponse().setMemberId(m.memberId())
                    .setGroupInstanceId(m.groupInstanceId())
                    .setErrorCode(groups.leave(req.groupId(), m.memberId()).code()));
        }
        return CompletableFuture.completedFuture(resp.setErrorCode(Errors.NONE.code()));
    }
}
