package dev.floe.broker.controller;

import dev.floe.broker.catalog.BrokerInfo;
import dev.floe.broker.catalog.PartitionInfo;
import dev.floe.broker.catalog.PartitionKey;
import org.apache.kafka.common.Uuid;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The balancer's working model of one planning round: which serving broker holds which partition (a partition
 * being moved counts at its target), and the counts and traffic that follow from it. Planned moves are applied here
 * so every later decision of the round sees them.
 */
final class Placement {
    private final Map<Integer, String> zoneOf = new TreeMap<>();
    private final Map<Integer, List<PartitionInfo>> held = new TreeMap<>();
    private final Map<Integer, Double> bytes = new TreeMap<>();
    private final Map<Uuid, Map<String, Integer>> topicZones = new HashMap<>();
    private final Map<Uuid, Map<Integer, Integer>> topicBrokers = new HashMap<>();
    private final Map<PartitionKey, Double> rates;

    Placement(List<BrokerInfo> brokers, Map<PartitionKey, Double> rates) {
        this.rates = rates;
        for (BrokerInfo b : brokers) {
            if (b.serving()) {
                zoneOf.put(b.nodeId(), b.zone());
                held.put(b.nodeId(), new ArrayList<>());
                bytes.put(b.nodeId(), 0.0);
            }
        }
    }

    boolean isEmpty() {
        return zoneOf.isEmpty();
    }

    boolean serves(Integer node) {
        return node != null && zoneOf.containsKey(node);
    }

    /** Where the partition is, or is going: null when no serving broker has it. */
    Integer holderOf(PartitionInfo p) {
        if (serves(p.moveTo())) {
            return p.moveTo();
        }
        return serves(p.owner()) ? p.owner() : null;
    }

    void add(PartitionInfo p, int node) {
        held.get(node).add(p);
        bytes.merge(node, rate(p), Double::sum);
        topicZones.computeIfAbsent(p.topicId(), k -> new TreeMap<>()).merge(zoneOf.get(node), 1, Integer::sum);
        topicBrokers.computeIfAbsent(p.topicId(), k -> new HashMap<>()).merge(node, 1, Integer::sum);
    }

    void move(PartitionInfo p, int from, int to) {
        held.get(from).remove(p);
        bytes.merge(from, -rate(p), Double::sum);
        topicZones.get(p.topicId()).merge(zoneOf.get(from), -1, Integer::sum);
        topicBrokers.get(p.topicId()).merge(from, -1, Integer::sum);
        add(p, to);
    }

    double rate(PartitionInfo p) {
        return rates.getOrDefault(new PartitionKey(p.topicId(), p.partition()), 0.0);
    }

    List<Integer> nodes() {
        return new ArrayList<>(zoneOf.keySet());
    }

    String zone(int node) {
        return zoneOf.get(node);
    }

    TreeSet<String> zones() {
        return new TreeSet<>(zoneOf.values());
    }

    List<PartitionInfo> heldBy(int node) {
        return held.get(node);
    }

    int count(int node) {
        return held.get(node).size();
    }

    double bytes(int node) {
        return bytes.get(node);
    }

    int topicCount(Uuid topic, int node) {
        return topicBrokers.getOrDefault(topic, Map.of()).getOrDefault(node, 0);
    }

    /** The topic's partition count per zone, every zone with a serving broker included (0 where it has none). */
    Map<String, Integer> topicZoneCounts(Uuid topic) {
        Map<String, Integer> out = new LinkedHashMap<>();
        for (String zone : zones()) {
            out.put(zone, topicZones.getOrDefault(topic, Map.of()).getOrDefault(zone, 0));
        }
        return out;
    }

    /** Max minus min of the topic's per-zone counts. */
    int zoneSpread(Uuid topic) {
        Map<String, Integer> counts = topicZoneCounts(topic);
        return counts.values().stream().max(Integer::compare).orElse(0) - counts.values().stream().min(Integer::compare).orElse(0);
    }

    /**
     * Whether moving a partition of {@code topic} between these brokers keeps the topic spread over zones: a move
     * inside a zone always does; across zones it must not leave the topic less even than max(1, what it is now).
     */
    boolean keepsZoneSpread(Uuid topic, int from, int to) {
        String fromZone = zoneOf.get(from);
        String toZone = zoneOf.get(to);
        if (fromZone.equals(toZone)) {
            return true;
        }
        Map<String, Integer> counts = topicZoneCounts(topic);
        int before = zoneSpread(topic);
        counts.merge(fromZone, -1, Integer::sum);
        counts.merge(toZone, 1, Integer::sum);
        int after = counts.values().stream().max(Integer::compare).orElse(0) - counts.values().stream().min(Integer::compare).orElse(0);
        return after <= Math.max(1, before);
    }

    /** Where a partition of the topic should go: the zone with the fewest of its partitions, there the least loaded broker. */
    int bestNewHome(Uuid topic) {
        Map<String, Integer> zoneCounts = topicZoneCounts(topic);
        String zone = zoneCounts.entrySet().stream()
                .min(Comparator.<Map.Entry<String, Integer>>comparingInt(Map.Entry::getValue)
                        .thenComparingDouble(e -> partitionsPerBroker(e.getKey()))
                        .thenComparing(Map.Entry::getKey))
                .orElseThrow().getKey();
        return byCountAscending().stream().filter(n -> zoneOf.get(n).equals(zone)).findFirst().orElseThrow();
    }

    private double partitionsPerBroker(String zone) {
        List<Integer> inZone = nodes().stream().filter(n -> zoneOf.get(n).equals(zone)).toList();
        return inZone.stream().mapToInt(this::count).sum() / (double) inZone.size();
    }

    /** Brokers by partition count, fewest first (ties: less traffic, then lower id). */
    List<Integer> byCountAscending() {
        List<Integer> nodes = nodes();
        nodes.sort(Comparator.<Integer>comparingInt(this::count).thenComparingDouble(this::bytes).thenComparing(n -> n));
        return nodes;
    }

    /** Brokers by traffic, busiest first. */
    List<Integer> byBytesDescending() {
        List<Integer> nodes = nodes();
        nodes.sort(Comparator.<Integer>comparingDouble(this::bytes).reversed().thenComparing(n -> n));
        return nodes;
    }

    /** Per-broker counts, for summaries a person reads. */
    Map<Integer, Integer> counts() {
        Map<Integer, Integer> out = new TreeMap<>();
        held.forEach((node, ps) -> out.put(node, ps.size()));
        return out;
    }

    Map<Integer, Double> bytesPerBroker() {
        return new TreeMap<>(bytes);
    }
}
