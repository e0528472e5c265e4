package dev.floe.broker.it;

import dev.floe.embedded.FreePort;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewPartitionReassignment;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.TopicPartitionInfo;
import org.apache.kafka.common.errors.InvalidReplicaAssignmentException;
import org.apache.kafka.common.errors.NoReassignmentInProgressException;
import org.apache.kafka.common.errors.RetriableException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.function.BooleanSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The controller's balancer and partition moves with real broker processes: brokers that join get their share,
 * topics spread over zones, hot partitions spread by traffic, an admin's reassignment, and a graceful stop that hands
 * partitions straight to their next owners under load. Every move is checked in the catalog, where people see it.
 */
@Timeout(300)
class BalancingIT {

    @Test
    void brokersThatJoinReceiveAnEvenShareAndEveryMoveIsRecordedAndCounted() throws Exception {
        int metricsPort = FreePort.pick();
        try (TestCluster cluster = SharedInfrastructure.get().newCluster("joining")) {
            BrokerProcess b1 = cluster.start(1, Map.of("FLOE_METRICS_LISTENER", "127.0.0.1:" + metricsPort));
            cluster.start(2);
            await(() -> rows(cluster, "select node_id from cluster_controller").equals(List.of("1")), "node 1 to be controller");
            Clients.createTopic(b1.bootstrap(), "orders", 12);
            produce(cluster.bootstrap(), "orders", 0, 1200);

            cluster.start(3);
            cluster.start(4);
            String bootstrap = cluster.bootstrap();
            await(() -> leadersPerBroker(bootstrap, "orders").equals(Map.of(1, 3, 2, 3, 3, 3, 4, 3)), "3 partitions on each broker");
            await(() -> rows(cluster, "select count(*) from rebalances where state = 'RUNNING'").equals(List.of("0")),
                    "every rebalance to end");

            List<String> moves = rows(cluster, """
                    select r.trigger, r.state, m.state, m.to_node from rebalances r join partition_moves m using (rebalance_id)
                    where m.topic_name = 'orders'""");
            assertThat(moves).isNotEmpty().allMatch(m -> m.startsWith("COUNT|SUCCEEDED|"));
            assertThat(moves.stream().filter(m -> m.contains("|DONE|")).map(m -> m.substring(m.lastIndexOf('|') + 1)))
                    .hasSizeGreaterThanOrEqualTo(6).allMatch(to -> to.equals("3") || to.equals("4"));
            assertThat(rows(cluster, "select count(*) from partition_moves where state = 'DONE' and completed_at < requested_at"))
                    .containsExactly("0");
            assertThat(plannedMoves(metricsPort, "COUNT")).isGreaterThanOrEqualTo(6);
            assertThat(metric(metricsPort, "floe_wal_fsync_seconds_count\\{[^}]*}")).as("group commits").isPositive();

            produce(bootstrap, "orders", 1200, 600);
            assertThat(Clients.readAll(bootstrap, "orders", 1800, Duration.ofSeconds(60)).stream().map(r -> r.value()).toList())
                    .hasSize(1800).doesNotHaveDuplicates();
        }
    }

    @Test
    void aTopicCrowdedInOneZoneIsSpreadOverTheZonesWhenBrokersOfAnotherZoneJoin() throws Exception {
        try (TestCluster cluster = SharedInfrastructure.get().newCluster("zones")) {
            BrokerProcess b1 = cluster.start(1, Map.of("FLOE_ZONE", "zone-a"));
            cluster.start(2, Map.of("FLOE_ZONE", "zone-a"));
            Clients.createTopic(b1.bootstrap(), "clicks", 8);
            cluster.start(3, Map.of("FLOE_ZONE", "zone-b"));
            cluster.start(4, Map.of("FLOE_ZONE", "zone-b"));
            String bootstrap = cluster.bootstrap();
            await(() -> leadersPerZone(bootstrap, "clicks").equals(Map.of("zone-a", 4, "zone-b", 4)), "4 partitions in each zone");
            assertThat(rows(cluster, "select distinct trigger from rebalances")).contains("ZONES");
        }
    }

    @Test
    void hotPartitionsAreSpreadByTheTrafficTheyCarry() throws Exception {
        try (TestCluster cluster = SharedInfrastructure.get().newCluster("traffic")
                .with("FLOE_BALANCE_BYTES_MIN_PER_SEC", "20000")
                .with("FLOE_BALANCE_BYTES_COOLDOWN_MS", "2000")
                .with("FLOE_BALANCE_PARTITION_COOLDOWN_MS", "2000")) {
            BrokerProcess b1 = cluster.start(1);
            cluster.start(2);
            Clients.createTopic(b1.bootstrap(), "metrics", 4);
            String bootstrap = cluster.bootstrap();
            Map<Integer, Integer> owners = owners(bootstrap, "metrics");
            List<Integer> hot = owners.entrySet().stream().filter(e -> e.getValue() == 1).map(Map.Entry::getKey).toList();
            assertThat(hot).hasSize(2);

            // About 100 KB/s into each of node 1's partitions, nothing into node 2's, until the balancer reacts.
            String value = "x".repeat(1000);
            long deadline = System.currentTimeMillis() + 60_000;
            try (KafkaProducer<String, String> producer = Clients.producer(bootstrap)) {
                while (System.currentTimeMillis() < deadline && rows(cluster,
                        "select count(*) from rebalances where trigger = 'BYTES' and state = 'SUCCEEDED'").equals(List.of("0"))) {
                    for (int i = 0; i < 10; i++) {
                        for (int partition : hot) {
                            producer.send(new ProducerRecord<>("metrics", partition, null, value));
                        }
                    }
                    producer.flush();
                    Thread.sleep(100);
                }
            }
            assertThat(rows(cluster, "select summary from rebalances where trigger = 'BYTES'")).first().asString()
                    .contains("is uneven");
            Map<Integer, Integer> after = owners(bootstrap, "metrics");
            assertThat(after.get(hot.get(0))).isNotEqualTo(after.get(hot.get(1)));
            assertThat(new TreeMap<>(leadersPerBroker(bootstrap, "metrics"))).containsExactly(Map.entry(1, 2), Map.entry(2, 2));
        }
    }

    @Test
    void anAdminReassignmentMovesAPartitionWithItsDataAndBadRequestsChangeNothing() throws Exception {
        try (TestCluster cluster = SharedInfrastructure.get().newCluster("reassign").with("FLOE_BALANCE_ENABLED", "false")) {
            BrokerProcess b1 = cluster.start(1);
            cluster.start(2);
            Clients.createTopic(b1.bootstrap(), "ledger", 2);
            String bootstrap = cluster.bootstrap();
            TopicPartition ledger0 = new TopicPartition("ledger", 0);
            produce(bootstrap, "ledger", 0, 500);
            int from = owners(bootstrap, "ledger").get(0);
            int to = from == 1 ? 2 : 1;
            try (Admin admin = Clients.admin(bootstrap)) {
                assertRejected(admin, ledger0, Optional.of(new NewPartitionReassignment(List.of(1, 2))), InvalidReplicaAssignmentException.class);
                assertRejected(admin, ledger0, Optional.of(new NewPartitionReassignment(List.of(9))), InvalidReplicaAssignmentException.class);
                assertRejected(admin, new TopicPartition("missing", 0), Optional.of(new NewPartitionReassignment(List.of(to))),
                        UnknownTopicOrPartitionException.class);
                assertRejected(admin, ledger0, Optional.empty(), NoReassignmentInProgressException.class);
                assertThat(rows(cluster, "select count(*) from rebalances")).containsExactly("0");

                admin.alterPartitionReassignments(Map.of(ledger0, Optional.of(new NewPartitionReassignment(List.of(to))))).all().get();
                await(() -> owners(bootstrap, "ledger").get(0) == to, "ledger-0 to move to node " + to);
                assertThat(admin.listPartitionReassignments().reassignments().get()).isEmpty();
            }
            assertThat(rows(cluster, "select r.trigger, r.state, m.from_node, m.to_node, m.state from rebalances r join partition_moves m using (rebalance_id)"))
                    .containsExactly("REASSIGNMENT|SUCCEEDED|" + from + "|" + to + "|DONE");
            produce(bootstrap, "ledger", 500, 500);
            assertThat(Clients.readAll(bootstrap, "ledger", 1000, Duration.ofSeconds(60)).stream().map(r -> r.value()).toList())
                    .hasSize(1000).doesNotHaveDuplicates();
        }
    }

    @Test
    void aGracefulStopHandsEachPartitionStraightToItsNextOwnerWhileProducersRun() throws Exception {
        try (TestCluster cluster = SharedInfrastructure.get().newCluster("drain")) {
            BrokerProcess b1 = cluster.start(1);
            cluster.start(2);
            BrokerProcess b3 = cluster.start(3);
            Clients.createTopic(b1.bootstrap(), "payments", 9);
            String bootstrap = cluster.bootstrap();
            List<Future<RecordMetadata>> sends = Collections.synchronizedList(new ArrayList<>());
            List<Exception> failures = Collections.synchronizedList(new ArrayList<>());
            int count = 6000;
            try (KafkaProducer<String, String> producer = Clients.producer(bootstrap)) {
                for (int i = 0; i < count; i++) {
                    sends.add(producer.send(new ProducerRecord<>("payments", "k" + i, String.valueOf(i)), (m, e) -> {
                        if (e != null && !(e instanceof RetriableException)) {
                            failures.add(e);
                        }
                    }));
                    if (i == count / 3) {
                        new Thread(b3::stop, "stop-broker-3").start();
                    }
                    if (i % 100 == 0) {
                        Thread.sleep(20); // spread the load over the drain
                    }
                }
                producer.flush();
            }
            assertThat(failures).isEmpty();
            for (Future<RecordMetadata> f : sends) {
                f.get(); // every record acknowledged
            }
            assertThat(b3.awaitExit(60)).isNotNull();
            assertThat(rows(cluster, "select state, wal_clean from brokers where node_id = 3")).containsExactly("STOPPED|t");
            assertThat(rows(cluster, """
                    select r.state, m.from_node, m.state from rebalances r join partition_moves m using (rebalance_id)
                    where r.trigger = 'DRAIN' and m.topic_name = 'payments'""")).hasSize(3).allMatch(r -> r.equals("SUCCEEDED|3|DONE"));
            assertThat(rows(cluster, "select distinct to_node from partition_moves where from_node = 3 order by 1"))
                    .containsExactly("1", "2");
            assertThat(Clients.readAll(bootstrap.replace(b3.bootstrap(), b1.bootstrap()), "payments", count, Duration.ofSeconds(60))
                    .stream().map(r -> r.value()).toList()).hasSize(count).doesNotHaveDuplicates();
        }
    }

    private static void produce(String bootstrap, String topic, int from, int count) throws Exception {
        try (KafkaProducer<String, String> producer = Clients.producer(bootstrap)) {
            List<Future<RecordMetadata>> sends = new ArrayList<>();
            for (int i = from; i < from + count; i++) {
                sends.add(producer.send(new ProducerRecord<>(topic, "k" + i, String.valueOf(i))));
            }
            for (Future<RecordMetadata> f : sends) {
                f.get();
            }
        }
    }

    private static void assertRejected(Admin admin, TopicPartition tp, Optional<NewPartitionReassignment> target,
                                       Class<? extends Exception> error) {
        assertThatThrownBy(() -> admin.alterPartitionReassignments(Map.of(tp, target)).all().get())
                .isInstanceOf(ExecutionException.class).cause().isInstanceOf(error);
    }

    /** Partition index to the id of its leader (its owner). */
    private static Map<Integer, Integer> owners(String bootstrap, String topic) {
        Map<Integer, Integer> out = new TreeMap<>();
        for (TopicPartitionInfo p : describe(bootstrap, topic)) {
            out.put(p.partition(), p.leader() == null ? -1 : p.leader().id());
        }
        return out;
    }

    private static Map<Integer, Integer> leadersPerBroker(String bootstrap, String topic) {
        Map<Integer, Integer> out = new TreeMap<>();
        owners(bootstrap, topic).values().forEach(id -> out.merge(id, 1, Integer::sum));
        return out;
    }

    private static Map<String, Integer> leadersPerZone(String bootstrap, String topic) {
        Map<String, Integer> out = new TreeMap<>();
        for (TopicPartitionInfo p : describe(bootstrap, topic)) {
            out.merge(p.leader() == null ? "none" : p.leader().rack(), 1, Integer::sum);
        }
        return out;
    }

    private static List<TopicPartitionInfo> describe(String bootstrap, String topic) {
        try (Admin admin = Clients.admin(bootstrap)) {
            return admin.describeTopics(List.of(topic)).allTopicNames().get().get(topic).partitions();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static List<String> rows(TestCluster cluster, String sql) {
        try {
            return CatalogQueries.rows(cluster, sql);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** The broker's Prometheus counter of planned moves for one trigger. */
    private static double plannedMoves(int metricsPort, String trigger) throws Exception {
        return metric(metricsPort, "floe_partition_moves_planned_total\\{[^}]*trigger=\"" + trigger + "\"[^}]*}");
    }

    /** The value of the first sample whose name and labels match {@code sample}; 0 when there is none. */
    private static double metric(int metricsPort, String sample) throws Exception {
        String body = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + metricsPort + "/metrics"))
                .build(), HttpResponse.BodyHandlers.ofString()).body();
        Matcher m = Pattern.compile(sample + " ([0-9.E]+)").matcher(body);
        return m.find() ? Double.parseDouble(m.group(1)) : 0;
    }

    private static void await(BooleanSupplier condition, String what) throws InterruptedException {
        long deadline = System.currentTimeMillis() + 60_000;
        while (System.currentTimeMillis() < deadline) {
            if (condition.getAsBoolean()) {
                return;
            }
            Thread.sleep(250);
        }
        throw new AssertionError("timed out waiting for " + what);
    }
}
