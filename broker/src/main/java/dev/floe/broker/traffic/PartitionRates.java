package dev.floe.broker.traffic;

import org.apache.kafka.common.TopicIdPartition;

import java.util.HashMap;
import java.util.Map;

/**
 * Smoothed bytes per second of each partition, from its cumulative counters: an exponentially weighted moving
 * average with a time constant of {@code smoothingMillis}, so a burst does not make the balancer move partitions
 * while a lasting shift shows within a minute or two. A partition's first rate (its second sample) is taken as it is.
 * Called from one thread (the membership tick).
 */
public final class PartitionRates {
    /** {@code measured}: false until a second sample gave a first rate. */
    private record State(long nanos, long in, long out, double inRate, double outRate, boolean measured) {
    }

    private final double smoothingNanos;
    private final Map<TopicIdPartition, State> states = new HashMap<>();

    public PartitionRates(long smoothingMillis) {
        if (smoothingMillis <= 0) {
            throw new IllegalArgumentException("smoothing must be positive, got " + smoothingMillis + " ms");
        }
        this.smoothingNanos = smoothingMillis * 1e6;
    }

    /** Bytes in and out per second of one partition. */
    public record Rate(double in, double out) {
    }

    /** Samples every counted partition at {@code nowNanos}; partitions without counters any more are forgotten. */
    public Map<TopicIdPartition, Rate> sample(long nowNanos, Map<TopicIdPartition, TrafficCounters.PartitionCounters> counters) {
        states.keySet().retainAll(counters.keySet());
        Map<TopicIdPartition, Rate> out = new HashMap<>();
        for (Map.Entry<TopicIdPartition, TrafficCounters.PartitionCounters> e : counters.entrySet()) {
            long in = e.getValue().in().sum();
            long sent = e.getValue().out().sum();
            State before = states.get(e.getKey());
            State now;
            if (before == null) {
                now = new State(nowNanos, in, sent, 0, 0, false);
            } else {
                double seconds = (nowNanos - before.nanos()) / 1e9;
                if (seconds <= 0) {
                    out.put(e.getKey(), new Rate(before.inRate(), before.outRate()));
                    continue;
                }
                double inRate = (in - before.in()) / seconds;
                double outRate = (sent - before.out()) / seconds;
                double weight = before.measured() ? 1 - Math.exp(-(nowNanos - before.nanos()) / smoothingNanos) : 1;
                now = new State(nowNanos, in, sent, before.inRate() + weight * (inRate - before.inRate()),
                        before.outRate() + weight * (outRate - before.outRate()), true);
            }
            states.put(e.getKey(), now);
            out.put(e.getKey(), new Rate(now.inRate(), now.outRate()));
        }
        return out;
    }
}
