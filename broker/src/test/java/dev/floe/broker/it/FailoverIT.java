package dev.floe.broker.it;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Crash failover through WAL volume recovery (docs/failover.md), with the test playing the agent's
 * hand-over of the volume directory: the dead broker is never restarted.
 */
@Timeout(value = 4, unit = TimeUnit.MINUTES)
class FailoverIT {

    @Test
    void aSigkilledBrokersWalIsRecoveredByASurvivorWhichThenTakesItsPartitionsWithEveryAcknowledgedRecord() throws Exception {
        try (TestCluster cluster = SharedInfrastructure.get().newCluster("failover").withVolumeIds()
                .with("FLOE_UPLOAD_INTERVAL_MS", "600000").with("FLOE_UPLOAD_BYTES", String.valueOf(64L * 1024 * 1024))) {
            BrokerProcess b1 = cluster.start(1);
            BrokerProcess b2 = cluster.start(2);
            VolumeHandOver agent = new VolumeHandOver(cluster);
            int partitions = 4;
            Clients.createTopic(b1.bootstrap(), "ledger", partitions);
            int count = 2000;
            try (KafkaProducer<String, String> producer = Clients.producer(b1.bootstrap() + "," + b2.bootstrap())) {
                for (int i = 0; i < count; i++) {
                    producer.send(new ProducerRecord<>("ledger", i % partitions, "k" + i, String.valueOf(i)));
                }
                producer.flush();

                b2.kill(); // its acknowledged records exist only in its WAL
                long killedAt = System.currentTimeMillis();
                agent.attachWhenRequested(2, Duration.ofSeconds(60));
                agent.awaitRecovered(2, Duration.ofSeconds(60));
                // Every partition accepts writes again, without broker 2 ever coming back.
                for (int p = 0; p < partitions; p++) {
                    producer.send(new ProducerRecord<>("ledger", p, "after", "after-" + p)).get(60, TimeUnit.SECONDS);
                }
                long writable = System.currentTimeMillis();
                Instant[] t = agent.timeline(2);
                System.out.printf("FAILOVER_TIMING kill->fenced %d ms, fenced->requested %d ms, requested->attached %d ms, "
                                + "attached->recovered %d ms, recovered->all partitions writable %d ms, total %d ms%n",
                        t[0].toEpochMilli() - killedAt, t[1].toEpochMilli() - t[0].toEpochMilli(),
                        t[2].toEpochMilli() - t[1].toEpochMilli(), t[3].toEpochMilli() - t[2].toEpochMilli(),
                        writable - t[3].toEpochMilli(), writable - killedAt);
            }
            assertThat(agent.string("select state from brokers where node_id = ?", 2)).isEqualTo("FENCED");
            try (Admin admin = Clients.admin(b1.bootstrap())) {
                TopicDescription d = admin.describeTopics(List.of("ledger")).allTopicNames().get().get("ledger");
                assertThat(d.partitions()).allSatisfy(p -> assertThat(p.leader().id()).isEqualTo(1));
            }
            List<ConsumerRecord<String, String>> read = Clients.readAll(b1.bootstrap(), "ledger", count + partitions,
                    Duration.ofSeconds(60));
            assertThat(read.stream().map(ConsumerRecord::value).toList()).hasSize(count + partitions).doesNotHaveDuplicates();
            assertInPartitionOrder(read);
        }
    }

    /** Both roles matter: a paused controller keeps its lock's session alive and must be displaced first. */
    @ParameterizedTest(name = "paused broker is the controller: {0}")
    @ValueSource(booleans = {true, false})
    void aPausedBrokerThatWakesUpAfterItWasFencedCommitsNothingAndStops(boolean pauseTheController) throws Exception {
        try (TestCluster cluster = SharedInfrastructure.get().newCluster("zombie").withVolumeIds()) {
            BrokerProcess b1 = cluster.start(1);
            VolumeHandOver agent = new VolumeHandOver(cluster);
            int controller = agent.awaitController(Duration.ofSeconds(60));
            BrokerProcess b2 = cluster.start(2);
            int paused = pauseTheController ? controller : 3 - controller;
            BrokerProcess zombie = paused == 1 ? b1 : b2;
            BrokerProcess survivor = paused == 1 ? b2 : b1;
            int partitions = 4;
            Clients.createTopic(survivor.bootstrap(), "ledger", partitions);
            Set<String> acked = ConcurrentHashMap.newKeySet();
            try (KafkaProducer<String, String> producer = Clients.producer(b1.bootstrap() + "," + b2.bootstrap())) {
                int sent = 0;
                // The broker is paused while it takes writes, so some of them are in its WAL only.
                for (; sent < 500; sent++) {
                    send(producer, acked, sent, partitions);
                }
                zombie.signal("STOP");
                for (; sent < 1000; sent++) {
                    send(producer, acked, sent, partitions);
                }
                agent.awaitFenced(paused, Duration.ofSeconds(60));
                agent.attachWhenRequested(paused, Duration.ofSeconds(60));
                agent.awaitRecovered(paused, Duration.ofSeconds(60));
                zombie.signal("CONT");
                assertThat(zombie.awaitExit(60)).as("a fenced broker stops by itself").isEqualTo(75);
                producer.flush();
            }
            assertThat(agent.count("""
                    select count(*) from objects o where o.created_by = ?
                    and o.created_at >= (select fenced_at from brokers b where b.node_id = o.created_by)""", paused))
                    .as("objects committed by the fenced broker after it was fenced").isZero();
            List<ConsumerRecord<String, String>> read = Clients.readAll(survivor.bootstrap(), "ledger", acked.size(),
                    Duration.ofSeconds(60));
            List<String> values = read.stream().map(ConsumerRecord::value).toList();
            assertThat(values).doesNotHaveDuplicates().containsAll(acked);
            assertInPartitionOrder(read);
        }
    }

    private static void send(KafkaProducer<String, String> producer, Set<String> acked, int i, int partitions) throws Exception {
        String value = String.valueOf(i);
        producer.send(new ProducerRecord<>("ledger", i % partitions, "k" + i, value), (md, e) -> {
            if (e == null) {
                acked.add(value);
            }
        });
        Thread.sleep(2);
    }

    /** Per partition, values were produced in increasing order by one producer: the log keeps that order. */
    static void assertInPartitionOrder(List<ConsumerRecord<String, String>> read) {
        java.util.Map<Integer, Integer> last = new java.util.HashMap<>();
        for (ConsumerRecord<String, String> r : read) {
            if (!r.value().matches("\\d+")) {
                continue;
            }
            int v = Integer.parseInt(r.value());
            Integer prev = last.put(r.partition(), v);
            assertThat(prev == null || prev < v).as("partition %d: %s after %s", r.partition(), v, prev).isTrue();
        }
    }
}
