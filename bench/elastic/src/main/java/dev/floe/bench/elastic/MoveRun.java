package dev.floe.bench.elastic;

import dev.floe.bench.Args;
import dev.floe.bench.ClientSettings;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewPartitionReassignment;
import org.apache.kafka.clients.admin.PartitionReassignment;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.TopicPartitionInfo;

/**
 * Moves partition 0 of a filled single-partition topic (replication factor 1) from its leader to another broker with
 * the Admin API's {@code alterPartitionReassignments} (what Kafka's reassignment tool calls), and times it: from the
 * call until {@code listPartitionReassignments} no longer lists the partition and Metadata names the target as
 * leader and only replica, then until a produce to the partition is acknowledged. The same code for Kafka and Floe.
 */
final class MoveRun {

    record Settings(String bootstrap, String topic, int target, long pollMillis, Duration limit, String label) {
        static Settings from(Args args) {
            return new Settings(args.string("bootstrap", null), args.string("topic", null),
                    (int) args.number("target", 0), args.number("poll-ms", 50),
                    Duration.ofSeconds(args.number("seconds", 1800)), args.string("label", "move"));
        }
    }

    private final Settings settings;

    MoveRun(Settings settings) {
        this.settings = settings;
    }

    void run() throws Exception {
        TopicPartition tp = new TopicPartition(settings.topic(), 0);
        try (Admin admin = TopicAdmin.connect(settings.bootstrap());
             KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(ClientSettings.producer(settings.bootstrap()))) {
            TopicPartitionInfo before = partition(admin, tp);
            int source = before.leader().id();
            int target = settings.target() != 0 ? settings.target() : otherBroker(admin, source);
            if (target == source) {
                throw new IllegalArgumentException("--target " + target + " already leads " + tp);
            }
            // A warm producer that has this partition's leader in its metadata, as an application would have.
            RecordMetadata last = producer.send(new ProducerRecord<>(tp.topic(), tp.partition(), null, new byte[1024]))
                    .get(60, TimeUnit.SECONDS);
            Log.info("%s: moving %s (end offset %d) from broker %d to broker %d", settings.label(), tp, last.offset() + 1,
                    source, target);

            long start = System.nanoTime();
            admin.alterPartitionReassignments(Map.of(tp, Optional.of(new NewPartitionReassignment(List.of(target)))))
                    .all().get(60, TimeUnit.SECONDS);
            long accepted = System.nanoTime();
            boolean seenInProgress = false;
            long nextReport = accepted + TimeUnit.SECONDS.toNanos(10);
            Deadline deadline = Deadline.in(settings.limit(), "reassignment of " + tp + " to broker " + target);
            while (true) {
                Map<TopicPartition, PartitionReassignment> ongoing = admin.listPartitionReassignments(Set.of(tp))
                        .reassignments().get(30, TimeUnit.SECONDS);
                if (ongoing.containsKey(tp)) {
                    seenInProgress = true;
                } else if (ledOnlyBy(partition(admin, tp), target)) {
                    break;
                }
                if (System.nanoTime() - nextReport > 0) {
                    Log.info("%s: still moving after %.0f s: %s", settings.label(),
                            Clock.millisBetween(start, System.nanoTime()) / 1000, ongoing.get(tp));
                    nextReport += TimeUnit.SECONDS.toNanos(10);
                }
                deadline.pause(settings.pollMillis());
            }
            long complete = System.nanoTime();
            RecordMetadata after = producer.send(new ProducerRecord<>(tp.topic(), tp.partition(), null, new byte[1024]))
                    .get(120, TimeUnit.SECONDS);
            long writable = System.nanoTime();
            int leaderNow = partition(admin, tp).leader().id();

            new ResultLine("move").put("label", settings.label()).put("source", source).put("target", target)
                    .put("end_offset", last.offset() + 1)
                    .put("accepted_ms", Clock.millisBetween(start, accepted))
                    .put("complete_ms", Clock.millisBetween(start, complete))
                    .put("writable_ms", Clock.millisBetween(start, writable))
                    .put("listed_in_progress", seenInProgress ? "yes" : "no")
                    // The log continues where it was: the acknowledged record follows the last one before the move.
                    .put("offset_continues", after.offset() == last.offset() + 1 ? "yes" : "no")
                    .put("leader_after", leaderNow)
                    .print();
        }
    }

    private static TopicPartitionInfo partition(Admin admin, TopicPartition tp) throws Exception {
        return TopicAdmin.describe(admin, tp.topic()).partitions().get(tp.partition());
    }

    private static boolean ledOnlyBy(TopicPartitionInfo info, int target) {
        return info.leader() != null && info.leader().id() == target
                && info.replicas().size() == 1 && info.replicas().get(0).id() == target;
    }

    /** The broker with the lowest id that does not lead the partition. */
    private static int otherBroker(Admin admin, int source) throws Exception {
        Set<Integer> ids = new TreeSet<>();
        for (Node node : admin.describeCluster().nodes().get(30, TimeUnit.SECONDS)) {
            ids.add(node.id());
        }
        return ids.stream().filter(id -> id != source).findFirst()
                .orElseThrow(() -> new IllegalStateException("the cluster has no broker besides " + source));
    }
}
