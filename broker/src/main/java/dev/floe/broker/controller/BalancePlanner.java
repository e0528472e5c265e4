package dev.floe.broker.controller;

import dev.floe.broker.catalog.BrokerInfo;
import dev.floe.broker.catalog.PartitionInfo;
import dev.floe.broker.catalog.PartitionKey;
import org.apache.kafka.common.Uuid;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Pure balancing policy of the controller (docs/balancing.md). In order of urgency it decides:
 * <ol>
 * <li>owners for partitions no serving broker holds and that may be taken (assignments, not moves);</li>
 * <li>moves for topics spread unevenly over zones (ZONES), so losing a zone loses a fair share of each topic;</li>
 * <li>moves for brokers whose partition counts differ by more than one (COUNT), e.g. a broker that just joined;</li>
 * <li>moves for brokers whose traffic differs too much (BYTES), only when nothing else moves, outside the cool-down and
 *     never with a partition moved recently, so traffic balancing cannot thrash.</li>
 * </ol>
 * Every move is a hand-over (the owner uploads what the bucket lacks, the target takes the partition at a new epoch),
 * so its cost does not depend on how much data the partition holds.
 */
public final class BalancePlanner {

    public enum Trigger { ZONES, COUNT, BYTES }

    /**
     * @param bytesThreshold  traffic balancing starts when the busiest broker is this fraction above the mean
     * @param minBytesPerSec  ... and carries this many bytes/s more than the quietest (ignores noise at low traffic)
     * @param maxMovesPerRound moves planned per round at most, so a big change is spread over a few rounds
     */
    public record Settings(double bytesThreshold, double minBytesPerSec, int maxMovesPerRound) {
    }

    public record Assignment(PartitionInfo partition, int target) {
    }

    public record Move(PartitionInfo partition, int from, int to) {
    }

    /** Moves that correct one kind of imbalance, with the imbalance in words. */
    public record Proposal(Trigger trigger, String summary, List<Move> moves) {
    }

    public record Plan(List<Assignment> assignments, List<Proposal> proposals) {
        public static final Plan NOTHING = new Plan(List.of(), List.of());
    }

    /**
     * @param rates        bytes/s (in + out) per partition; missing means idle
     * @param coolingDown  partitions moved recently: never picked for a traffic move
     * @param bytesAllowed false within the cool-down after the last traffic rebalance
     * @param rebalance    false when automatic balancing is switched off: only unowned partitions are placed
     */
    public static Plan plan(List<PartitionInfo> partitions, List<BrokerInfo> brokers, Map<PartitionKey, Double> rates,
                            Set<PartitionKey> coolingDown, boolean bytesAllowed, boolean rebalance, Settings settings,
                            Function<Uuid, String> topicName) {
        Placement placement = new Placement(brokers, rates);
        if (placement.isEmpty()) {
            return Plan.NOTHING;
        }
        Map<Integer, BrokerInfo> byId = brokers.stream().collect(Collectors.toMap(BrokerInfo::nodeId, b -> b, (a, b) -> a));
        List<PartitionInfo> orphans = new ArrayList<>();
        Set<PartitionInfo> movable = new LinkedHashSet<>();
        for (PartitionInfo p : partitions) {
            Integer holder = placement.holderOf(p);
            if (holder != null) {
                placement.add(p, holder);
                if (p.moveTo() == null) {
                    movable.add(p);
                }
            } else if (PartitionAssigner.reassignable(p, byId)) {
                orphans.add(p);
            }
        }
        List<Assignment> assignments = new ArrayList<>();
        for (PartitionInfo p : orphans) {
            int target = placement.bestNewHome(p.topicId());
            placement.add(p, target);
            assignments.add(new Assignment(p, target));
        }
        if (!rebalance) {
            return new Plan(assignments, List.of());
        }
        Budget budget = new Budget(settings.maxMovesPerRound());
        List<Proposal> proposals = new ArrayList<>();
        zones(placement, movable, budget, topicName).ifPresent(proposals::add);
        counts(placement, movable, budget).ifPresent(proposals::add);
        if (bytesAllowed && assignments.isEmpty() && proposals.isEmpty()) {
            traffic(placement, movable, coolingDown, budget, settings).ifPresent(proposals::add);
        }
        return new Plan(assignments, proposals);
    }

    private static Optional<Proposal> zones(Placement placement, Set<PartitionInfo> movable, Budget budget,
                                                      Function<Uuid, String> topicName) {
        if (placement.zones().size() < 2) {
            return Optional.empty();
        }
        List<Move> moves = new ArrayList<>();
        List<String> uneven = new ArrayList<>();
        Set<Uuid> topics = new LinkedHashSet<>();
        movable.forEach(p -> topics.add(p.topicId()));
        for (Uuid topic : topics) {
            if (placement.zoneSpread(topic) > 1) {
                uneven.add(topicName.apply(topic) + " " + placement.topicZoneCounts(topic));
            }
            while (placement.zoneSpread(topic) > 1 && budget.left()) {
                Map<String, Integer> counts = placement.topicZoneCounts(topic);
                String crowded = counts.entrySet().stream().max(Map.Entry.comparingByValue()).orElseThrow().getKey();
                String sparse = counts.entrySet().stream().min(Map.Entry.comparingByValue()).orElseThrow().getKey();
                PartitionInfo pick = null;
                int from = -1;
                for (int node : placement.nodes()) {
                    if (!placement.zone(node).equals(crowded)) {
                        continue;
                    }
                    for (PartitionInfo p : placement.heldBy(node)) {
                        if (p.topicId().equals(topic) && movable.contains(p)
                                && (pick == null || placement.topicCount(topic, node) > placement.topicCount(topic, from))) {
                            pick = p;
                            from = node;
                        }
                    }
                }
                if (pick == null) {
                    break;
                }
                int to = placement.byCountAscending().stream().filter(n -> placement.zone(n).equals(sparse)).findFirst().orElseThrow();
                apply(placement, movable, moves, budget, pick, from, to);
            }
        }
        if (moves.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new Proposal(Trigger.ZONES, "partitions per zone are uneven for " + String.join(", ", uneven)
                + ": " + moves.size() + (moves.size() == 1 ? " move" : " moves") + " spread them", moves));
    }

    private static Optional<Proposal> counts(Placement placement, Set<PartitionInfo> movable, Budget budget) {
        Map<Integer, Integer> before = placement.counts();
        List<Move> moves = new ArrayList<>();
        while (budget.left()) {
            Move next = nextCountMove(placement, movable);
            if (next == null) {
                break;
            }
            apply(placement, movable, moves, budget, next.partition(), next.from(), next.to());
        }
        if (moves.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new Proposal(Trigger.COUNT, "partitions per broker " + before + " differ by more than one: "
                + moves.size() + (moves.size() == 1 ? " move makes them " : " moves make them ") + placement.counts(), moves));
    }

    /**
     * A move from a broker with more partitions to one with at least two fewer that keeps the topic spread over
     * zones; among candidates the partition whose topic is most crowded on the source compared with the target, so
     * topics spread over brokers too.
     */
    private static Move nextCountMove(Placement placement, Set<PartitionInfo> movable) {
        List<Integer> ascending = placement.byCountAscending();
        for (int i = ascending.size() - 1; i >= 0; i--) {
            int from = ascending.get(i);
            Move best = null;
            int bestScore = Integer.MIN_VALUE;
            for (int to : ascending) {
                if (placement.count(from) - placement.count(to) <= 1) {
                    break;
                }
                for (PartitionInfo p : placement.heldBy(from)) {
                    if (!movable.contains(p) || !placement.keepsZoneSpread(p.topicId(), from, to)) {
                        continue;
                    }
                    int score = placement.topicCount(p.topicId(), from) - placement.topicCount(p.topicId(), to);
                    if (score > bestScore) {
                        best = new Move(p, from, to);
                        bestScore = score;
                    }
                }
            }
            if (best != null) {
                return best;
            }
        }
        return null;
    }

    private static Optional<Proposal> traffic(Placement placement, Set<PartitionInfo> movable, Set<PartitionKey> coolingDown,
                                                        Budget budget, Settings settings) {
        Map<Integer, Double> before = placement.bytesPerBroker();
        double mean = before.values().stream().mapToDouble(Double::doubleValue).sum() / before.size();
        List<Move> moves = new ArrayList<>();
        Set<PartitionInfo> candidates = new HashSet<>();
        for (PartitionInfo p : movable) {
            if (!coolingDown.contains(PartitionKey.of(p))) {
                candidates.add(p);
            }
        }
        while (budget.left()) {
            List<Integer> busiest = placement.byBytesDescending();
            int hot = busiest.get(0);
            int cold = busiest.get(busiest.size() - 1);
            double gap = placement.bytes(hot) - placement.bytes(cold);
            if (placement.bytes(hot) <= mean * (1 + settings.bytesThreshold()) || gap < settings.minBytesPerSec()) {
                break;
            }
            List<Move> step = bestTrafficStep(placement, candidates, hot, cold, gap);
            if (step.isEmpty() || step.size() > budget.remaining()) {
                break;
            }
            for (Move m : step) {
                apply(placement, candidates, moves, budget, m.partition(), m.from(), m.to());
            }
        }
        if (moves.isEmpty()) {
            return Optional.empty();
        }
        long percent = Math.round((before.values().stream().mapToDouble(Double::doubleValue).max().orElse(0) / mean - 1) * 100);
        return Optional.of(new Proposal(Trigger.BYTES, "traffic per broker " + rates(before) + " is uneven (busiest "
                + percent + "% above the mean): " + moves.size() + (moves.size() == 1 ? " move makes it " : " moves make it ")
                + rates(placement.bytesPerBroker()), moves));
    }

    /**
     * One partition from the busiest to the quietest broker when the busiest has more partitions, otherwise a swap
     * (so counts stay even): whichever brings the two closest to each other, if it narrows the gap by at least 10%;
     * between equally good choices, the one that shifts less traffic (less to disturb).
     */
    private static List<Move> bestTrafficStep(Placement placement, Set<PartitionInfo> candidates, int hot, int cold, double gap) {
        List<Move> best = List.of();
        double bestResidual = gap * 0.9;
        double bestShifted = Double.MAX_VALUE;
        for (PartitionInfo p : placement.heldBy(hot)) {
            if (!candidates.contains(p) || !placement.keepsZoneSpread(p.topicId(), hot, cold)) {
                continue;
            }
            double rp = placement.rate(p);
            if (placement.count(hot) > placement.count(cold)) {
                double residual = Math.abs(gap - 2 * rp);
                if (rp > 0 && better(residual, rp, bestResidual, bestShifted)) {
                    best = List.of(new Move(p, hot, cold));
                    bestResidual = residual;
                    bestShifted = rp;
                }
                continue;
            }
            for (PartitionInfo q : placement.heldBy(cold)) {
                if (!candidates.contains(q) || !placement.keepsZoneSpread(q.topicId(), cold, hot)) {
                    continue;
                }
                double shifted = rp - placement.rate(q);
                double residual = Math.abs(gap - 2 * shifted);
                if (shifted > 0 && better(residual, shifted, bestResidual, bestShifted)) {
                    best = List.of(new Move(p, hot, cold), new Move(q, cold, hot));
                    bestResidual = residual;
                    bestShifted = shifted;
                }
            }
        }
        return best;
    }

    private static boolean better(double residual, double shifted, double bestResidual, double bestShifted) {
        double tolerance = 1e-9 * Math.max(1, bestResidual);
        return residual < bestResidual - tolerance || (Math.abs(residual - bestResidual) <= tolerance && shifted < bestShifted);
    }

    private static void apply(Placement placement, Set<PartitionInfo> movable, List<Move> moves, Budget budget,
                              PartitionInfo p, int from, int to) {
        placement.move(p, from, to);
        movable.remove(p);
        moves.add(new Move(p, from, to));
        budget.spend();
    }

    private static String rates(Map<Integer, Double> bytes) {
        Map<Integer, String> out = new TreeMap<>();
        bytes.forEach((node, b) -> out.put(node, String.format(Locale.ROOT, "%.1f MiB/s", b / (1024 * 1024))));
        return out.toString();
    }

    /** Moves left in this round. */
    private static final class Budget {
        private int left;

        Budget(int moves) {
            this.left = moves;
        }

        boolean left() {
            return left > 0;
        }

        int remaining() {
            return left;
        }

        void spend() {
            left--;
        }
    }

    private BalancePlanner() {
    }
}
