package dev.floe.broker.group;

import dev.floe.broker.catalog.CatalogOffsets;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.message.DescribeGroupsResponseData;
import org.apache.kafka.common.message.JoinGroupRequestData;
import org.apache.kafka.common.message.JoinGroupResponseData;
import org.apache.kafka.common.message.SyncGroupRequestData;
import org.apache.kafka.common.message.SyncGroupResponseData;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.utils.Utils;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Coordinates the classic consumer groups whose slot this broker owns. A group maps to one of a fixed
 * number of slots; the controller assigns slots to brokers like partitions, so a coordinator move is
 * an ownership change. Membership is in memory (members rejoin after a move); offsets are in the catalog.
 */
public final class GroupCoordinator {
    private final int slots;
    private final CatalogOffsets offsets;
    private final ScheduledExecutorService timers;
    private final int initialDelayMs;
    private final Set<Integer> ownedSlots = ConcurrentHashMap.newKeySet();
    private final Map<String, Group> groups = new ConcurrentHashMap<>();

    public GroupCoordinator(int slots, CatalogOffsets offsets, ScheduledExecutorService timers, int initialDelayMs) {
        this.slots = slots;
        this.offsets = offsets;
        this.timers = timers;
        this.initialDelayMs = initialDelayMs;
    }

    public void start() {
        timers.scheduleWithFixedDelay(this::expire, 500, 500, TimeUnit.MILLISECONDS);
    }

    public int slotOf(String groupId) {
        return Utils.toPositive(Utils.murmur2(groupId.getBytes(java.nio.charset.StandardCharsets.UTF_8))) % slots;
    }

    public boolean coordinates(String groupId) {
        return ownedSlots.contains(slotOf(groupId));
    }

    /** Called by the ownership loop when this broker gains or loses a slot. */
    public void setSlotOwned(int slot, boolean owned) {
        if (owned) {
            ownedSlots.add(slot);
        } else if (ownedSlots.remove(slot)) {
            groups.entrySet().removeIf(e -> {
                if (slotOf(e.getKey()) == slot) {
                    e.getValue().shutdown(Errors.NOT_COORDINATOR);
                    return true;
                }
                return false;
            });
        }
    }

    public Set<Integer> ownedSlots() {
        return Set.copyOf(ownedSlots);
    }

    private void expire() {
        long now = System.currentTimeMillis();
        for (Group g : groups.values()) {
            g.expireMembers(now);
        }
    }

    private Group group(String groupId) {
        return groups.computeIfAbsent(groupId, id -> new Group(id, timers, initialDelayMs));
    }

    public CompletableFuture<JoinGroupResponseData> join(JoinGroupRequestData req, String clientId, String clientHost, short version) {
        if (!coordinates(req.groupId())) {
            return CompletableFuture.completedFuture(new JoinGroupResponseData().setErrorCode(Errors.NOT_COORDINATOR.code())
                    .setMemberId(req.memberId()).setGenerationId(-1).setLeader(""));
        }
        if (req.sessionTimeoutMs() < 1000 || req.sessionTimeoutMs() > 1_800_000) {
            return CompletableFuture.completedFuture(new JoinGroupResponseData().setErrorCode(Errors.INVALID_SESSION_TIMEOUT.code())
                    .setMemberId(req.memberId()).setGenerationId(-1).setLeader(""));
        }
        return group(req.groupId()).join(req, clientId, clientHost, version);
    }

    public CompletableFuture<SyncGroupResponseData> sync(SyncGroupRequestData req) {
        if (!coordinates(req.groupId())) {
            return CompletableFuture.completedFuture(new SyncGroupResponseData().setErrorCode(Errors.NOT_COORDINATOR.code()));
        }
        Group g = groups.get(req.groupId());
        if (g == null) {
            return CompletableFuture.completedFuture(new SyncGroupResponseData().setErrorCode(Errors.UNKNOWN_MEMBER_ID.code()));
        }
        return g.sync(req);
    }

    public Errors heartbeat(String groupId, String memberId, int generation) {
        if (!coordinates(groupId)) {
            return Errors.NOT_COORDINATOR;
        }
        Group g = groups.get(groupId);
        return g == null ? Errors.UNKNOWN_MEMBER_ID : g.heartbeat(memberId, generation);
    }

    public Errors leave(String groupId, String memberId) {
        if (!coordinates(groupId)) {
            return Errors.NOT_COORDINATOR;
        }
        Group g = groups.get(groupId);
        return g == null ? Errors.UNKNOWN_MEMBER_ID : g.leave(memberId);
    }

    /** Checks a commit against the group's generation, then stores it (blocking JDBC). */
    public Errors commit(String groupId, String memberId, int generation, Map<TopicPartition, CatalogOffsets.Committed> values) {
        if (!coordinates(groupId)) {
            return Errors.NOT_COORDINATOR;
        }
        Group g = groups.get(groupId);
        Errors check = g == null
                ? (generation < 0 ? Errors.NONE : Errors.ILLEGAL_GENERATION)
                : g.validateCommit(memberId, generation);
        if (check != Errors.NONE) {
            return check;
        }
        offsets.commit(groupId, values);
        return Errors.NONE;
    }

    public Map<TopicPartition, CatalogOffsets.Committed> fetch(String groupId) {
        return offsets.fetch(groupId);
    }

    public DescribeGroupsResponseData.DescribedGroup describe(String groupId) {
        if (!coordinates(groupId)) {
            return new DescribeGroupsResponseData.DescribedGroup().setGroupId(groupId).setErrorCode(Errors.NOT_COORDINATOR.code());
        }
        Group g = groups.get(groupId);
        if (g != null) {
            return g.describe();
        }
        boolean hasOffsets = !offsets.fetch(groupId).isEmpty();
        return new DescribeGroupsResponseData.DescribedGroup().setGroupId(groupId).setErrorCode(Errors.NONE.code())
                .setGroupState(hasOffsets ? GroupState.EMPTY.wireName() : GroupState.DEAD.wireName())
                .setProtocolType(hasOffsets ? "consumer" : "").setProtocolData("");
    }

    /** Groups this broker coordinates: with live members, or known only by committed offsets. */
    public List<ListedGroup> list() {
        List<ListedGroup> out = new ArrayList<>();
        for (Map.Entry<String, Group> e : groups.entrySet()) {
            if (coordinates(e.getKey()) && e.getValue().state() != GroupState.DEAD) {
                String type = e.getValue().protocolType();
                out.add(new ListedGroup(e.getKey(), type == null ? "consumer" : type, e.getValue().state()));
            }
        }
        for (String id : offsets.groupIds()) {
            if (coordinates(id) && !groups.containsKey(id)) {
                out.add(new ListedGroup(id, "consumer", GroupState.EMPTY));
            }
        }
        return out;
    }

    public record ListedGroup(String groupId, String protocolType, GroupState state) {
    }

    public Errors delete(String groupId) {
        if (!coordinates(groupId)) {
            return Errors.NOT_COORDINATOR;
        }
        Group g = groups.get(groupId);
        if (g != null && !g.isEmpty()) {
            return Errors.NON_EMPTY_GROUP;
        }
        if (g == null && offsets.fetch(groupId).isEmpty()) {
            return Errors.GROUP_ID_NOT_FOUND;
        }
        offsets.deleteGroup(groupId);
        if (g != null) {
            groups.remove(groupId);
            g.shutdown(Errors.GROUP_ID_NOT_FOUND);
        }
        return Errors.NONE;
    }
}
