package dev.floe.broker.controller;

import dev.floe.broker.catalog.BrokerInfo;
import dev.floe.broker.catalog.PartitionInfo;
import org.apache.kafka.common.Uuid;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/** Pure assignment policy: who should own which partition, given the partitions and the brokers. */
public final class PartitionAssigner {
    private PartitionAssigner() {
    }

    /** Give an unowned partition to {@code target}, or ask its owner to hand it over ({@code move}). */
    public record Decision(Uuid topicId, int partition, int expectedEpoch, int target, boolean move) {
    }

    public static List<Decision> plan(List<PartitionInfo> partitions, List<BrokerInfo> brokers) {
        Map<Integer, BrokerInfo> byId = new HashMap<>();
        for (BrokerInfo b : brokers) {
            byId.put(b.nodeId(), b);
        }
        TreeMap<Integer, Integer> load = new TreeMap<>();
        for (BrokerInfo b : brokers) {
            if (b.serving()) {
                load.put(b.nodeId(), 0);
            }
        }
        if (load.isEmpty()) {
            return List.of();
        }
        List<Decision> out = new ArrayList<>();
        List<PartitionInfo> orphans = new ArrayList<>();
        Map<Integer, List<PartitionInfo>> movable = new HashMap<>();
        for (PartitionInfo p : partitions) {
            Integer holder = p.moveTo() != null && load.containsKey(p.moveTo()) ? p.moveTo() : p.owner();
            if (holder != null && load.containsKey(holder)) {
                load.merge(holder, 1, Integer::sum);
                if (p.moveTo() == null) {
                    movable.computeIfAbsent(holder, k -> new ArrayList<>()).add(p);
                }
            } else if (reassignable(p, byId)) {
                orphans.add(p);
            }
        }
        for (PartitionInfo p : orphans) {
            int target = leastLoaded(load);
            load.merge(target, 1, Integer::sum);
            out.add(new Decision(p.topicId(), p.partition(), p.epoch(), target, false));
        }
        // Even out counts one move at a time; each move is a handover, not a data copy.
        Set<String> moved = new HashSet<>();
        for (int guard = 0; guard < partitions.size(); guard++) {
            int max = mostLoaded(load);
            int min = leastLoaded(load);
            if (load.get(max) - load.get(min) <= 1) {
                break;
            }
            List<PartitionInfo> candidates = movable.getOrDefault(max, List.of());
            PartitionInfo pick = null;
            for (PartitionInfo c : candidates) {
                if (moved.add(c.topicId() + "-" + c.partition())) {
                    pick = c;
                    break;
                }
            }
            if (pick == null) {
                break;
            }
            load.merge(max, -1, Integer::sum);
            load.merge(min, 1, Integer::sum);
            out.add(new Decision(pick.topicId(), pick.partition(), pick.epoch(), min, true));
        }
        return out;
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

    /** Owners for the partitions of a new topic: spread over serving brokers, least loaded first. */
    public static List<Integer> spread(int count, List<BrokerInfo> brokers, List<PartitionInfo> existing) {
        TreeMap<Integer, Integer> load = new TreeMap<>();
        for (BrokerInfo b : brokers) {
            if (b.serving()) {
                load.put(b.nodeId(), 0);
            }
        }
        List<Integer> owners = new ArrayList<>();
        if (load.isEmpty()) {
            for (int i = 0; i < count; i++) {
                owners.add(null);
            }
            return owners;
        }
        for (PartitionInfo p : existing) {
            if (p.owner() != null && load.containsKey(p.owner())) {
                load.merge(p.owner(), 1, Integer::sum);
            }
        }
        // Round-robin from the least loaded broker: every topic is spread evenly on its own.
        List<Integer> order = new ArrayList<>(load.keySet());
        order.sort(Comparator.<Integer>comparingInt(load::get).thenComparing(Comparator.naturalOrder()));
        for (int i = 0; i < count; i++) {
            owners.add(order.get(i % order.size()));
        }
        return owners;
    }

    private static int leastLoaded(Map<Integer, Integer> load) {
        return load.entrySet().stream().min(Comparator.<Map.Entry<Integer, Integer>>comparingInt(Map.Entry::getValue)
                .thenComparing(Map.Entry::getKey)).orElseThrow().getKey();
    }

    private static int mostLoaded(Map<Integer, Integer> load) {
        return load.entrySet().stream().max(Comparator.<Map.Entry<Integer, Integer>>comparingInt(Map.Entry::getValue)
                .thenComparing(Map.Entry::getKey, Comparator.reverseOrder())).orElseThrow().getKey();
    }
}
