package dev.floe.broker.it;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.admin.GroupListing;
import org.apache.kafka.clients.admin.NewPartitions;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.GroupState;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.errors.InvalidConfigurationException;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class AdminIT {
    private static TestCluster cluster;
    private static BrokerProcess broker;

    @BeforeAll
    static void start() {
        cluster = SharedInfrastructure.get().newCluster("admin");
        broker = cluster.start(1);
    }

    @AfterAll
    static void stop() {
        cluster.close();
    }

    @Test
    void topicsAreCreatedDescribedGrownAndDeleted() throws Exception {
        try (Admin admin = Clients.admin(broker.bootstrap())) {
            admin.createTopics(List.of(new NewTopic("inventory", 3, (short) 3)
                    .configs(Map.of("retention.ms", "3600000")))).all().get();
            assertThatThrownBy(() -> admin.createTopics(List.of(new NewTopic("inventory", 1, (short) 1))).all().get())
                    .hasCauseInstanceOf(TopicExistsException.class);
            assertThat(admin.listTopics().names().get()).contains("inventory").doesNotContain("__consumer_offsets");

            TopicDescription d = admin.describeTopics(List.of("inventory")).allTopicNames().get().get("inventory");
            assertThat(d.partitions()).hasSize(3);
            assertThat(d.partitions()).allSatisfy(p -> assertThat(p.leader().id()).isEqualTo(1));

            admin.createPartitions(Map.of("inventory", NewPartitions.increaseTo(5))).all().get();
            assertThat(admin.describeTopics(List.of("inventory")).allTopicNames().get().get("inventory").partitions()).hasSize(5);

            admin.deleteTopics(List.of("inventory")).all().get();
            assertThat(admin.listTopics().names().get()).doesNotContain("inventory");
            assertThatThrownBy(() -> admin.describeTopics(List.of("inventory")).allTopicNames().get())
                    .hasCauseInstanceOf(UnknownTopicOrPartitionException.class);
        }
    }

    @Test
    void topicConfigsAreDescribedAlteredAndValidated() throws Exception {
        try (Admin admin = Clients.admin(broker.bootstrap())) {
            admin.createTopics(List.of(new NewTopic("audit", 1, (short) 1))).all().get();
            ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, "audit");
            Config before = admin.describeConfigs(List.of(resource)).all().get().get(resource);
            assertThat(before.get("cleanup.policy").value()).isEqualTo("delete");
            assertThat(before.get("retention.ms").isDefault()).isTrue();

            admin.incrementalAlterConfigs(Map.of(resource, List.of(
                    new AlterConfigOp(new ConfigEntry("retention.ms", "60000"), AlterConfigOp.OpType.SET),
                    new AlterConfigOp(new ConfigEntry("max.message.bytes", "2048"), AlterConfigOp.OpType.SET)))).all().get();
            Config after = admin.describeConfigs(List.of(resource)).all().get().get(resource);
            assertThat(after.get("retention.ms").value()).isEqualTo("60000");
            assertThat(after.get("retention.ms").source()).isEqualTo(ConfigEntry.ConfigSource.DYNAMIC_TOPIC_CONFIG);

            // An invalid value is rejected with the key named and nothing is changed.
            ExecutionException bad = org.junit.jupiter.api.Assertions.assertThrows(ExecutionException.class, () ->
                    admin.incrementalAlterConfigs(Map.of(resource, List.of(
                            new AlterConfigOp(new ConfigEntry("retention.ms", "1"), AlterConfigOp.OpType.SET),
                            new AlterConfigOp(new ConfigEntry("retention.bytes", "lots"), AlterConfigOp.OpType.SET)))).all().get());
            assertThat(bad.getCause()).isInstanceOf(InvalidConfigurationException.class).hasMessageContaining("retention.bytes");
            assertThat(admin.describeConfigs(List.of(resource)).all().get().get(resource).get("retention.ms").value()).isEqualTo("60000");

            admin.incrementalAlterConfigs(Map.of(resource, List.of(
                    new AlterConfigOp(new ConfigEntry("retention.ms", ""), AlterConfigOp.OpType.DELETE)))).all().get();
            assertThat(admin.describeConfigs(List.of(resource)).all().get().get(resource).get("retention.ms").isDefault()).isTrue();
        }
    }

    @Test
    void batchesAboveTheTopicsMaxMessageBytesAreRejected() throws Exception {
        try (Admin admin = Clients.admin(broker.bootstrap())) {
            admin.createTopics(List.of(new NewTopic("small", 1, (short) 1).configs(Map.of("max.message.bytes", "1024")))).all().get();
        }
        try (KafkaProducer<String, String> p = Clients.producer(broker.bootstrap())) {
            assertThatThrownBy(() -> p.send(new ProducerRecord<>("small", "x".repeat(4000))).get())
                    .hasCauseInstanceOf(org.apache.kafka.common.errors.RecordTooLargeException.class);
            assertThat(p.send(new ProducerRecord<>("small", "fits")).get().offset()).isEqualTo(0);
        }
    }

    @Test
    void consumerGroupsAreListedDescribedAndDeleted() throws Exception {
        Clients.createTopic(broker.bootstrap(), "clicks", 2);
        try (KafkaProducer<String, String> p = Clients.producer(broker.bootstrap())) {
            for (int i = 0; i < 10; i++) {
                p.send(new ProducerRecord<>("clicks", "k" + i, "v" + i));
            }
        }
        try (Admin admin = Clients.admin(broker.bootstrap());
             KafkaConsumer<String, String> c = Clients.consumer(broker.bootstrap(), "dashboards", Map.of())) {
            c.subscribe(List.of("clicks"));
            int seen = 0;
            long end = System.currentTimeMillis() + 30_000;
            while (seen < 10 && System.currentTimeMillis() < end) {
                seen += c.poll(Duration.ofMillis(200)).count();
            }
            c.commitSync();

            Collection<GroupListing> groups = admin.listGroups().all().get();
            assertThat(groups).extracting(GroupListing::groupId).contains("dashboards");
            ConsumerGroupDescription g = admin.describeConsumerGroups(List.of("dashboards")).all().get().get("dashboards");
            assertThat(g.groupState()).isEqualTo(GroupState.STABLE);
            assertThat(g.members()).hasSize(1);
            assertThat(g.members().iterator().next().assignment().topicPartitions()).hasSize(2);
            Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets("dashboards").partitionsToOffsetAndMetadata().get();
            assertThat(committed.values().stream().mapToLong(OffsetAndMetadata::offset).sum()).isEqualTo(10);

            // A group with a live member cannot be deleted; once empty it can.
            assertThatThrownBy(() -> admin.deleteConsumerGroups(List.of("dashboards")).all().get())
                    .hasCauseInstanceOf(org.apache.kafka.common.errors.GroupNotEmptyException.class);
            c.close();
            admin.deleteConsumerGroups(List.of("dashboards")).all().get();
            assertThat(admin.listConsumerGroupOffsets("dashboards").partitionsToOffsetAndMetadata().get()).isEmpty();
        }
    }
}
