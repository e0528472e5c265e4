package dev.floe.broker.traffic;

import org.apache.kafka.common.TopicIdPartition;

import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * Record bytes this process received in Produce and sent in Fetch responses, in total and per partition. Request
 * threads only add, so {@link LongAdder}s keep the hot path free of contention; the membership tick reads the sums.
 */
public final class TrafficCounters {
    private final LongAdder in = new LongAdder();
    private final LongAdder out = new LongAdder();
    private final Map<TopicIdPartition, PartitionCounters> partitions = new ConcurrentHashMap<>();

    /** Cumulative bytes of one partition on this broker. */
    public record PartitionCounters(LongAdder in, LongAdder out) {
        PartitionCounters() {
            this(new LongAdder(), new LongAdder());
        }
    }

    public void received(TopicIdPartition tp, long bytes) {
        if (bytes > 0) {
            in.add(bytes);
            partitions.computeIfAbsent(tp, k -> new PartitionCounters()).in().add(bytes);
        }
    }

    public void sent(TopicIdPartition tp, long bytes) {
        if (bytes > 0) {
            out.add(bytes);
            partitions.computeIfAbsent(tp, k -> new PartitionCounters()).out().add(bytes);
        }
    }

    public long bytesIn() {
        return in.sum();
    }

    public long bytesOut() {
        return out.sum();
    }

    public Map<TopicIdPartition, PartitionCounters> partitions() {
        return partitions;
    }

    /**
     * Counts exactly the partitions this broker serves: forgets the others (their next owner counts them) and starts
     * counters for idle ones, so an idle partition reports 0 rather than what its previous owner measured.
     */
    public void track(Set<TopicIdPartition> served) {
        partitions.keySet().retainAll(served);
        served.forEach(tp -> partitions.computeIfAbsent(tp, k -> new PartitionCounters()));
    }
}
