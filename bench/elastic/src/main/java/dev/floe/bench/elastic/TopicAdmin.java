package dev.floe.bench.elastic;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.TopicPartitionInfo;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;

/** The Admin API calls every benchmark shares: create a topic (replication factor 1), read who leads what. */
final class TopicAdmin {

    private TopicAdmin() {
    }

    static Admin connect(String bootstrap) {
        return Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 10_000,
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 30_000));
    }

    /** Creates the topic unless it exists, then waits until Metadata knows every partition's leader. */
    static void ensure(Admin admin, String topic, int partitions) throws Exception {
        try {
            admin.createTopics(List.of(new NewTopic(topic, partitions, (short) 1))).all().get(60, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            if (!(e.getCause() instanceof TopicExistsException)) {
                throw e;
            }
        }
        Deadline deadline = Deadline.in(Duration.ofSeconds(60), "leaders for every partition of " + topic);
        while (true) {
            try {
                TopicDescription description = describe(admin, topic);
                if (description.partitions().size() == partitions
                        && description.partitions().stream().allMatch(p -> p.leader() != null && !p.leader().isEmpty())) {
                    return;
                }
            } catch (ExecutionException e) {
                if (!(e.getCause() instanceof UnknownTopicOrPartitionException)) {
                    throw e;
                }
            }
            deadline.pause(200);
        }
    }

    static TopicDescription describe(Admin admin, String topic) throws Exception {
        return admin.describeTopics(Set.of(topic)).allTopicNames().get(30, TimeUnit.SECONDS).get(topic);
    }

    /** Leader of each partition as clients see it (absent = no leader). */
    static Map<Integer, Integer> leaderByPartition(Admin admin, String topic) throws Exception {
        Map<Integer, Integer> leaders = new TreeMap<>();
        for (TopicPartitionInfo p : describe(admin, topic).partitions()) {
            if (p.leader() != null && !p.leader().isEmpty()) {
                leaders.put(p.partition(), p.leader().id());
            }
        }
        return leaders;
    }

    /** Partitions led by each node, as clients see it. */
    static Map<Integer, Integer> leaders(Admin admin, String topic) throws Exception {
        Map<Integer, Integer> counts = new HashMap<>();
        for (TopicPartitionInfo p : describe(admin, topic).partitions()) {
            if (p.leader() != null && !p.leader().isEmpty()) {
                counts.merge(p.leader().id(), 1, Integer::sum);
            }
        }
        return counts;
    }
}
