package dev.floe.broker.controller;

import dev.floe.broker.catalog.BrokerInfo;
import dev.floe.broker.catalog.CatalogTopics;
import dev.floe.broker.catalog.ClusterSnapshot;
import dev.floe.broker.catalog.PartitionInfo;
import dev.floe.broker.catalog.PartitionKey;
import dev.floe.broker.catalog.TopicInfo;
import org.apache.kafka.common.Uuid;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;

/** Pure placement rules outside the balancing round: new topics, a draining broker's partitions, who may be reassigned. */
public final class PartitionAssigner {
    private PartitionAssigner() {
    }

    /**
     * An owner that stopped cleanly (or vanished from the catalog) has nothing left in its WAL, so its
     * partitions may go elsewhere now. An owner whose lease lapsed after a crash still holds
     * acknowledged records in its WAL: its partitions wait until that WAL is recovered.
     */
    static boolean reassignable(PartitionInfo p, Map<Integer, BrokerInfo> brokers) {
        if (p.owner() == null) {
            return true;
        }
        BrokerInfo owner = brokers.get(p.owner());
        if (owner == null) {
            return true;
        }
        return owner.walClean() && !owner.serving();
    }

    /**
     * Owners for {@code count} new partitions of one topic ({@code topic} null for a topic not created yet): each goes
     * to the zone with the fewest of the topic's partitions and there to the least loaded serving broker, so every
     * topic is spread over zones and brokers on its own. Null owners when no broker serves (the controller assigns
     * them later).
     */
    public static List<Integer> spread(Uuid topic, int count, List<BrokerInfo> brokers, List<PartitionInfo> existing) {
        Placement placement = new Placement(brokers, Map.of());
        List<Integer> owners = new ArrayList<>();
        if (placement.isEmpty()) {
            for (int i = 0; i < count; i++) {
                owners.add(null);
            }
            return owners;
        }
        for (PartitionInfo p : existing) {
            Integer holder = placement.holderOf(p);
            if (holder != null) {
                placement.add(p, holder);
            }
        }
        Uuid key = topic != null ? topic : Uuid.randomUuid(); // a new topic has no partitions to count yet
        for (int i = 0; i < count; i++) {
            int target = placement.bestNewHome(key);
            placement.add(new PartitionInfo(key, -1 - i, target, 1, 0, 0, null), target);
            owners.add(target);
        }
        return owners;
    }

    /**
     * Graceful drain: a new owner for each partition the draining broker gives up, chosen among the serving brokers
     * as for an orphan (zone of the fewest of its topic's partitions, then the least loaded broker there). Empty when
     * no other broker serves: the partitions are then released to the controller.
     */
    public static Map<PartitionKey, Integer> drainTargets(List<PartitionInfo> leaving, List<PartitionInfo> all,
                                                          List<BrokerInfo> brokers) {
        Placement placement = new Placement(brokers, Map.of());
        Map<PartitionKey, Integer> out = new LinkedHashMap<>();
        if (placement.isEmpty()) {
            return out;
        }
        Set<PartitionKey> leavingKeys = new HashSet<>();
        leaving.forEach(p -> leavingKeys.add(PartitionKey.of(p)));
        for (PartitionInfo p : all) {
            Integer holder = placement.holderOf(p);
            if (holder != null && !leavingKeys.contains(PartitionKey.of(p))) {
                placement.add(p, holder);
            }
        }
        for (PartitionInfo p : leaving) {
            int target = placement.bestNewHome(p.topicId());
            placement.add(p, target);
            out.put(PartitionKey.of(p), target);
        }
        return out;
    }

    /**
     * New owners for everything {@code leaving} (partitions and coordinator slots of one broker), placed as
     * {@link #drainTargets} does; slots and data partitions separately, as the controller balances them.
     */
    public static Map<PartitionKey, Integer> newHomes(ClusterSnapshot s, List<PartitionInfo> leaving) {
        TopicInfo slotsTopic = s.topicsByName().get(Controller.GROUP_SLOTS_TOPIC);
        Predicate<PartitionInfo> slot = p -> slotsTopic != null && p.topicId().equals(slotsTopic.id());
        List<PartitionInfo> all = List.copyOf(s.partitions().values());
        Map<PartitionKey, Integer> targets = new HashMap<>(drainTargets(
                leaving.stream().filter(slot).toList(), all.stream().filter(slot).toList(), s.brokers()));
        targets.putAll(drainTargets(leaving.stream().filter(slot.negate()).toList(),
                all.stream().filter(slot.negate()).toList(), s.brokers()));
        return targets;
    }

    /**
     * After a crash failover recovered {@code failedNode}'s WAL: who takes each of its partitions and slots, at the epoch
     * read, so the recovering broker can reassign them in the transaction that marks the WAL recovered instead of
     * waiting for a controller round. The snapshot may be a little old: a fenced broker's partitions keep their epochs
     * until its WAL is clean, the failed node is never a successor even where the snapshot still shows it serving, and
     * an assignment whose epoch moved on is skipped by the catalog. Empty when no broker serves.
     */
    public static List<CatalogTopics.Assignment> successors(ClusterSnapshot s, int failedNode) {
        List<PartitionInfo> orphans = s.partitions().values().stream()
                .filter(p -> p.owner() != null && p.owner() == failedNode).toList();
        List<BrokerInfo> others = s.brokers().stream().filter(b -> b.nodeId() != failedNode).toList();
        Map<PartitionKey, Integer> homes = newHomes(new ClusterSnapshot(others, s.topicsByName(), s.topicsById(),
                s.partitions(), s.controllerId()), orphans);
        List<CatalogTopics.Assignment> out = new ArrayList<>();
        for (PartitionInfo p : orphans) {
            Integer target = homes.get(PartitionKey.of(p));
            if (target != null) {
                out.add(new CatalogTopics.Assignment(p.topicId(), p.partition(), p.epoch(), target));
            }
        }
        return out;
    }
}
