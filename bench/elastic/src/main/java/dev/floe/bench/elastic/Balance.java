package dev.floe.bench.elastic;

import java.util.Collection;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * Whether partitions are spread fairly over the serving brokers: every partition owned by one of them, none being
 * handed over, and partition counts differing by at most one (a broker owning nothing counts as 0).
 */
final class Balance {

    private Balance() {
    }

    static boolean balanced(Catalog.Ownership ownership, Set<Integer> serving) {
        if (serving.isEmpty() || ownership.unowned() > 0 || ownership.moving() > 0
                || !serving.containsAll(ownership.partitionsByOwner().keySet())) {
            return false;
        }
        Collection<Integer> counts = counts(ownership.partitionsByOwner(), serving).values();
        return counts.stream().mapToInt(Integer::intValue).max().orElse(0)
                - counts.stream().mapToInt(Integer::intValue).min().orElse(0) <= 1;
    }

    /** Partitions per serving broker, 0 for one that owns none, in node order. */
    static Map<Integer, Integer> counts(Map<Integer, Integer> byOwner, Set<Integer> serving) {
        Map<Integer, Integer> counts = new TreeMap<>();
        serving.forEach(node -> counts.put(node, byOwner.getOrDefault(node, 0)));
        return counts;
    }

    /** "1:19,2:19,3:18" — for the logs and the result lines. */
    static String describe(Map<Integer, Integer> counts) {
        return counts.entrySet().stream().map(e -> e.getKey() + ":" + e.getValue()).collect(Collectors.joining(","));
    }
}
