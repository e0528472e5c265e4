package dev.floe.broker.group;

import org.apache.kafka.common.message.DescribeGroupsResponseData;
import org.apache.kafka.common.message.JoinGroupRequestData;
import org.apache.kafka.common.message.JoinGroupResponseData;
import org.apache.kafka.common.message.SyncGroupRequestData;
import org.apache.kafka.common.message.SyncGroupResponseData;
import org.apache.kafka.common.protocol.Errors;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * One classic consumer group: membership, generations and the join/sync barrier. The assignment
 * itself is computed by the leader client (range, round-robin, cooperative-sticky all work unchanged).
 * Every method runs under the group's monitor.
 */
final class Group {
    private final String groupId;
    private final ScheduledExecutorService timers;
    private final int initialDelayMs;
    private final LinkedHashMap<String, GroupMember> members = new LinkedHashMap<>();
    /** Member ids handed out with MEMBER_ID_REQUIRED, waiting for the member to join with them. */
    private final Map<String, Long> pendingMemberIds = new HashMap<>();
    private GroupState state = GroupState.EMPTY;
    private int generation;
    private String protocolType;
    private String protocolName;
    private String leaderId;
    private long minCompleteAt;
    private long rebalanceDeadline;

    Group(String groupId, ScheduledExecutorService timers, int initialDelayMs) {
        this.groupId = groupId;
        this.timers = timers;
        this.initialDelayMs = initialDelayMs;
    }

    synchronized GroupState state() {
        return state;
    }

    synchronized String protocolType() {
        return protocolType;
    }

    synchronized boolean isEmpty() {
        return members.isEmpty();
    }

    synchronized CompletableFuture<JoinGroupResponseData> join(JoinGroupRequestData req, String clientId, String clientHost,
                                                              short version) {
        if (state == GroupState.DEAD) {
            return done(joinError(Errors.COORDINATOR_NOT_AVAILABLE, req.memberId()));
        }
        if (req.protocols().isEmpty() || (protocolType != null && !members.isEmpty() && !protocolType.equals(req.protocolType()))
                || !sharesProtocol(req)) {
            return done(joinError(Errors.INCONSISTENT_GROUP_PROTOCOL, req.memberId()));
        }
        String memberId = req.memberId();
        GroupMember member;
        if (memberId.isEmpty()) {
            memberId = clientId + "-" + UUID.randomUUID();
            if (version >= 4) {
                // The client must come back with this id, so a retried join never creates two members.
                pendingMemberIds.put(memberId, System.currentTimeMillis() + req.sessionTimeoutMs());
                return done(joinError(Errors.MEMBER_ID_REQUIRED, memberId));
            }
            member = new GroupMember(memberId, req.groupInstanceId(), clientId, clientHost);
            members.put(memberId, member);
        } else {
            member = members.get(memberId);
            if (member == null) {
                if (pendingMemberIds.remove(memberId) == null) {
                    return done(joinError(Errors.UNKNOWN_MEMBER_ID, memberId));
                }
                member = new GroupMember(memberId, req.groupInstanceId(), clientId, clientHost);
                members.put(memberId, member);
            }
        }
        member.sessionTimeoutMs = req.sessionTimeoutMs();
        member.rebalanceTimeoutMs = req.rebalanceTimeoutMs() > 0 ? req.rebalanceTimeoutMs() : req.sessionTimeoutMs();
        member.protocolType = req.protocolType();
        member.protocols = new LinkedHashMap<>();
        for (JoinGroupRequestData.JoinGroupRequestProtocol p : req.protocols()) {
            member.protocols.put(p.name(), p.metadata());
        }
        member.lastHeartbeat = System.currentTimeMillis();
        if (member.joinFuture != null) {
            member.joinFuture.complete(joinError(Errors.UNKNOWN_MEMBER_ID, memberId)); // superseded by this join
        }
        CompletableFuture<JoinGroupResponseData> future = new CompletableFuture<>();
        member.joinFuture = future;
        protocolType = req.protocolType();
        if (state != GroupState.PREPARING_REBALANCE) {
            prepareRebalance();
        }
        tryCompleteJoin(false);
        return future;
    }

    private boolean sharesProtocol(JoinGroupRequestData req) {
        if (members.isEmpty() || (members.size() == 1 && members.containsKey(req.memberId()))) {
            return true;
        }
        Set<String> offered = new HashSet<>();
        req.protocols().forEach(p -> offered.add(p.name()));
        for (GroupMember m : members.values()) {
            if (m.memberId.equals(req.memberId())) {
                continue;
            }
            offered.retainAll(m.protocols.keySet());
        }
        return !offered.isEmpty();
    }

    private void prepareRebalance() {
        long now = System.currentTimeMillis();
        boolean fromEmpty = state == GroupState.EMPTY;
        if (state == GroupState.COMPLETING_REBALANCE) {
            for (GroupMember m : members.values()) {
                if (m.syncFuture != null) {
                    m.syncFuture.complete(new SyncGroupResponseData().setErrorCode(Errors.REBALANCE_IN_PROGRESS.code()));
                    m.syncFuture = null;
                }
            }
        }
        state = GroupState.PREPARING_REBALANCE;
        int timeout = 0;
        for (GroupMember m : members.values()) {
            timeout = Math.max(timeout, m.rebalanceTimeoutMs);
        }
        // A fresh group waits briefly so members starting together land in one generation.
        minCompleteAt = fromEmpty ? now + initialDelayMs : now;
        rebalanceDeadline = now + Math.max(timeout, initialDelayMs);
        schedule(minCompleteAt - now);
        schedule(rebalanceDeadline - now);
    }

    private void schedule(long delayMs) {
        timers.schedule(() -> {
            synchronized (Group.this) {
                tryCompleteJoin(System.currentTimeMillis() >= rebalanceDeadline);
            }
        }, Math.max(0, delayMs) + 5, TimeUnit.MILLISECONDS);
    }

    private void tryCompleteJoin(boolean deadlinePassed) {
        if (state != GroupState.PREPARING_REBALANCE) {
            return;
        }
        boolean allJoined = members.values().stream().allMatch(m -> m.joinFuture != null);
        if (!(deadlinePassed || (allJoined && System.currentTimeMillis() >= minCompleteAt))) {
            return;
        }
        members.values().removeIf(m -> m.joinFuture == null); // did not rejoin in time
        if (members.isEmpty()) {
            state = GroupState.EMPTY;
            generation++;
            leaderId = null;
            protocolName = null;
            return;
        }
        generation++;
        protocolName = chooseProtocol();
        if (leaderId == null || !members.containsKey(leaderId)) {
            leaderId = members.keySet().iterator().next();
        }
        state = GroupState.COMPLETING_REBALANCE;
        List<JoinGroupResponseData.JoinGroupResponseMember> all = new ArrayList<>();
        for (GroupMember m : members.values()) {
            all.add(new JoinGroupResponseData.JoinGroupResponseMember().setMemberId(m.memberId)
                    .setGroupInstanceId(m.groupInstanceId).setMetadata(m.protocols.get(protocolName)));
        }
        long now = System.currentTimeMillis();
        for (GroupMember m : members.values()) {
            JoinGroupResponseData resp = new JoinGroupResponseData()
                    .setErrorCode(Errors.NONE.code())
                    .setGenerationId(generation)
                    .setProtocolType(protocolType)
                    .setProtocolName(protocolName)
                    .setLeader(leaderId)
                    .setMemberId(m.memberId)
                    .setMembers(m.memberId.equals(leaderId) ? all : List.of());
            m.lastHeartbeat = now;
            CompletableFuture<JoinGroupResponseData> f = m.joinFuture;
            m.joinFuture = null;
            f.complete(resp);
        }
    }

    /** Each member votes for its most preferred protocol that every member supports. */
    private String chooseProtocol() {
        Set<String> common = null;
        for (GroupMember m : members.values()) {
            if (common == null) {
                common = new HashSet<>(m.protocols.keySet());
            } else {
                common.retainAll(m.protocols.keySet());
            }
        }
        Map<String, Integer> votes = new LinkedHashMap<>();
        for (GroupMember m : members.values()) {
            for (String p : m.protocols.keySet()) {
                if (common.contains(p)) {
                    votes.merge(p, 1, Integer::sum);
                    break;
                }
            }
        }
        return votes.entrySet().stream().max(Map.Entry.comparingByValue()).map(Map.Entry::getKey)
                .orElse(common.iterator().next());
    }

    synchronized CompletableFuture<SyncGroupResponseData> sync(SyncGroupRequestData req) {
        GroupMember member = members.get(req.memberId());
        if (member == null) {
            return done(syncError(Errors.UNKNOWN_MEMBER_ID));
        }
        if (req.generationId() != generation) {
            return done(syncError(Errors.ILLEGAL_GENERATION));
        }
        if (state == GroupState.PREPARING_REBALANCE) {
            return done(syncError(Errors.REBALANCE_IN_PROGRESS));
        }
        member.lastHeartbeat = System.currentTimeMillis();
        if (state == GroupState.STABLE) {
            return done(syncOk(member));
        }
        CompletableFuture<SyncGroupResponseData> future = new CompletableFuture<>();
        member.syncFuture = future;
        if (member.memberId.equals(leaderId)) {
            for (GroupMember m : members.values()) {
                m.assignment = new byte[0];
            }
            for (SyncGroupRequestData.SyncGroupRequestAssignment a : req.assignments()) {
                GroupMember m = members.get(a.memberId());
                if (m != null) {
                    m.assignment = a.assignment();
                }
            }
            state = GroupState.STABLE;
            for (GroupMember m : members.values()) {
                if (m.syncFuture != null) {
                    CompletableFuture<SyncGroupResponseData> f = m.syncFuture;
                    m.syncFuture = null;
                    f.complete(syncOk(m));
                }
            }
        }
        return future;
    }

    private SyncGroupResponseData syncOk(GroupMember m) {
        return new SyncGroupResponseData().setErrorCode(Errors.NONE.code()).setProtocolType(protocolType)
                .setProtocolName(protocolName).setAssignment(m.assignment);
    }

    synchronized Errors heartbeat(String memberId, int generationId) {
        GroupMember member = members.get(memberId);
        if (member == null) {
            return Errors.UNKNOWN_MEMBER_ID;
        }
        if (generationId != generation) {
            return Errors.ILLEGAL_GENERATION;
        }
        member.lastHeartbeat = System.currentTimeMillis();
        return state == GroupState.PREPARING_REBALANCE ? Errors.REBALANCE_IN_PROGRESS : Errors.NONE;
    }

    synchronized Errors leave(String memberId) {
        GroupMember member = members.remove(memberId);
        if (member == null) {
            return Errors.UNKNOWN_MEMBER_ID;
        }
        if (member.joinFuture != null) {
            member.joinFuture.complete(joinError(Errors.UNKNOWN_MEMBER_ID, memberId));
        }
        afterMemberRemoved();
        return Errors.NONE;
    }

    private void afterMemberRemoved() {
        if (members.isEmpty() && state != GroupState.PREPARING_REBALANCE) {
            state = GroupState.EMPTY;
            generation++;
            leaderId = null;
            protocolName = null;
            return;
        }
        if (state == GroupState.STABLE || state == GroupState.COMPLETING_REBALANCE) {
            prepareRebalance();
        }
        tryCompleteJoin(false);
    }

    /** Removes members whose session lapsed; returns true if anything changed. */
    synchronized void expireMembers(long now) {
        pendingMemberIds.values().removeIf(deadline -> deadline < now);
        boolean removed = false;
        for (Iterator<GroupMember> it = members.values().iterator(); it.hasNext(); ) {
            GroupMember m = it.next();
            if (m.expired(now)) {
                it.remove();
                removed = true;
            }
        }
        if (removed) {
            afterMemberRemoved();
        }
    }

    /** Offsets from a member must come from the current generation (fencing zombie consumers). */
    synchronized Errors validateCommit(String memberId, int generationId) {
        if (generationId < 0 && (memberId == null || memberId.isEmpty())) {
            return members.isEmpty() ? Errors.NONE : Errors.ILLEGAL_GENERATION;
        }
        GroupMember member = members.get(memberId);
        if (member == null) {
            return Errors.UNKNOWN_MEMBER_ID;
        }
        if (generationId != generation) {
            return Errors.ILLEGAL_GENERATION;
        }
        if (state == GroupState.COMPLETING_REBALANCE) {
            return Errors.REBALANCE_IN_PROGRESS;
        }
        member.lastHeartbeat = System.currentTimeMillis();
        return Errors.NONE;
    }

    synchronized DescribeGroupsResponseData.DescribedGroup describe() {
        DescribeGroupsResponseData.DescribedGroup g = new DescribeGroupsResponseData.DescribedGroup()
                .setGroupId(groupId).setErrorCode(Errors.NONE.code()).setGroupState(state.wireName())
                .setProtocolType(protocolType == null ? "" : protocolType)
                .setProtocolData(state == GroupState.STABLE || state == GroupState.COMPLETING_REBALANCE ? protocolName : "");
        for (GroupMember m : members.values()) {
            g.members().add(new DescribeGroupsResponseData.DescribedGroupMember()
                    .setMemberId(m.memberId).setGroupInstanceId(m.groupInstanceId).setClientId(m.clientId)
                    .setClientHost(m.clientHost)
                    .setMemberMetadata(protocolName != null && m.protocols.containsKey(protocolName) ? m.protocols.get(protocolName) : new byte[0])
                    .setMemberAssignment(m.assignment));
        }
        return g;
    }

    /** The coordinator moved away or the group was deleted: everyone waiting must look elsewhere. */
    synchronized void shutdown(Errors error) {
        state = GroupState.DEAD;
        for (GroupMember m : members.values()) {
            if (m.joinFuture != null) {
                m.joinFuture.complete(joinError(error, m.memberId));
            }
            if (m.syncFuture != null) {
                m.syncFuture.complete(syncError(error));
            }
        }
        members.clear();
    }

    private static JoinGroupResponseData joinError(Errors error, String memberId) {
        return new JoinGroupResponseData().setErrorCode(error.code()).setMemberId(memberId).setGenerationId(-1)
                .setLeader("").setProtocolName(null);
    }

    private static SyncGroupResponseData syncError(Errors error) {
        return new SyncGroupResponseData().setErrorCode(error.code()).setAssignment(new byte[0]);
    }

    private static <T> CompletableFuture<T> done(T value) {
        return CompletableFuture.completedFuture(value);
    }
}
