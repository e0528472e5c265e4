package dev.floe.e2e.support;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.Metric;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Applications at work while the cluster changes under them: idempotent producers (acks=all) sending at a steady
 * pace, and a consumer group of two reading and committing. It records what the applications would see: every
 * acknowledgement, every error that reached a send callback, and every record consumed. Bounded in count and time.
 */
public final class LoadUnderTest implements AutoCloseable {

    private static final int RECORDS_PER_TICK = 50;
    private static final long TICK_MS = 50;
    private static final int MAX_RECORDS_PER_PRODUCER = 400_000;
    private static final Duration MAX_RUN = Duration.ofMinutes(15);

    /**
     * What the applications saw. {@code nonRetriableErrors}: sends that failed in the application's callback;
     * {@code producerRetries}: sends the producers retried by themselves after a retriable error (never seen by the app).
     */
    public record Outcome(Set<String> acknowledged, List<String> nonRetriableErrors, long unacknowledged, Set<String> missing,
                          long consumedDistinct, long producerRetries) {
    }

    private final String bootstrap;
    private final String topic;
    private final AtomicBoolean producing = new AtomicBoolean(true);
    private final AtomicBoolean consuming = new AtomicBoolean(true);
    private final Set<String> acknowledged = ConcurrentHashMap.newKeySet();
    private final Set<String> consumed = ConcurrentHashMap.newKeySet();
    private final List<String> errors = Collections.synchronizedList(new ArrayList<>());
    private final AtomicLong sent = new AtomicLong();
    private final AtomicLong retries = new AtomicLong();
    private final List<Thread> producers = new ArrayList<>();
    private final List<Thread> consumers = new ArrayList<>();

    private LoadUnderTest(String bootstrap, String topic) {
        this.bootstrap = bootstrap;
        this.topic = topic;
    }

    public static LoadUnderTest start(String bootstrap, String topic, int producerCount, String group) {
        LoadUnderTest load = new LoadUnderTest(bootstrap, topic);
        for (int i = 0; i < producerCount; i++) {
            int id = i;
            load.producers.add(started(new Thread(() -> load.produce(id), "producer-" + i)));
        }
        for (int i = 0; i < 2; i++) {
            load.consumers.add(started(new Thread(() -> load.consume(group), "consumer-" + i)));
        }
        return load;
    }

    private static Thread started(Thread thread) {
        thread.setDaemon(true);
        thread.start();
        return thread;
    }

    private void produce(int id) {
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        props.put(ProducerConfig.LINGER_MS_CONFIG, 5);
        props.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 120_000);
        props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
        props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
        Instant end = Instant.now().plus(MAX_RUN);
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(props)) {
            for (int n = 0; n < MAX_RECORDS_PER_PRODUCER && producing.get() && Instant.now().isBefore(end); ) {
                for (int i = 0; i < RECORDS_PER_TICK; i++, n++) {
                    String value = "p" + id + "-" + n;
                    sent.incrementAndGet();
                    producer.send(new ProducerRecord<>(topic, "key-" + (n % 101), value), (metadata, e) -> {
                        if (e == null) {
                            acknowledged.add(value);
                        } else {
                            errors.add(value + ": " + e);
                        }
                    });
                }
                Operations.sleep(TICK_MS);
            }
            producer.flush();
            for (var e : producer.metrics().entrySet()) {
                if (e.getKey().name().equals("record-retry-total") && e.getKey().group().equals("producer-metrics")) {
                    retries.addAndGet((long) (double) (Double) ((Metric) e.getValue()).metricValue());
                }
            }
        }
    }

    private void consume(String group) {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        props.put(ConsumerConfig.GROUP_ID_CONFIG, group);
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
        props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
        Instant end = Instant.now().plus(MAX_RUN);
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(props)) {
            consumer.subscribe(List.of(topic));
            while (consuming.get() && Instant.now().isBefore(end)) {
                for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(200))) {
                    consumed.add(record.value());
                }
                try {
                    consumer.commitSync(Duration.ofSeconds(10));
                } catch (RuntimeException e) {
                    // a rebalance or a coordinator move: the next poll rejoins and re-reads from the last commit
                }
            }
        }
    }

    public long acknowledged() {
        return acknowledged.size();
    }

    /** Waits until at least {@code count} records were acknowledged in total. */
    public void awaitAcknowledged(long count, Duration limit) {
        Instant deadline = Instant.now().plus(limit);
        while (acknowledged.size() < count && Instant.now().isBefore(deadline)) {
            Operations.sleep(200);
        }
        if (acknowledged.size() < count) {
            throw new AssertionError("only " + acknowledged.size() + " of " + count + " records acknowledged; errors: "
                    + errors.stream().limit(5).toList());
        }
    }

    /** Stops the producers, lets the consumers catch up with everything acknowledged (within {@code limit}), stops them. */
    public Outcome stop(Duration limit) throws InterruptedException {
        producing.set(false);
        for (Thread t : producers) {
            t.join(Duration.ofMinutes(3).toMillis());
        }
        Instant deadline = Instant.now().plus(limit);
        while (!consumed.containsAll(acknowledged) && Instant.now().isBefore(deadline)) {
            Operations.sleep(200);
        }
        close();
        Set<String> missing = new HashSet<>(acknowledged);
        missing.removeAll(consumed);
        return new Outcome(Set.copyOf(acknowledged), List.copyOf(errors), sent.get() - acknowledged.size() - errors.size(),
                missing, consumed.size(), retries.get());
    }

    /** One record as the log holds it. */
    public record LogRecord(String value, int partition, long offset) {
    }

    /**
     * Every record in the topic's log, read from the beginning to the end offsets it has once the producers stopped,
     * without a group (duplicates would show twice). The log may hold more than was acknowledged (sends whose answer
     * the producer never got), so the end offsets, not a record count, say when it has all been read.
     */
    public static List<LogRecord> readLog(String bootstrap, String topic, Duration limit) {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
        props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
        List<LogRecord> records = new ArrayList<>();
        Instant deadline = Instant.now().plus(limit);
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(props)) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
                    .map(p -> new TopicPartition(topic, p.partition())).toList();
            Map<TopicPartition, Long> ends = consumer.endOffsets(partitions, Duration.ofSeconds(30));
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            while (!partitions.stream().allMatch(p -> consumer.position(p) >= ends.get(p))
                    && Instant.now().isBefore(deadline)) {
                consumer.poll(Duration.ofMillis(500)).forEach(r -> records.add(new LogRecord(r.value(), r.partition(), r.offset())));
            }
            if (Instant.now().isAfter(deadline)) {
                throw new AssertionError("the log of " + topic + " was not read to its end offsets " + ends + " within "
                        + limit + "; read " + records.size() + " records");
            }
        }
        return records;
    }

    /**
     * Checks what the applications saw against the log: the log holds every acknowledged record exactly once, no
     * error reached a send callback, every send was answered, and the consumer group saw every acknowledged record.
     * It prints the counts first, under {@code label}; a failure names the partitions and offsets involved.
     */
    public static void assertNothingLost(String label, Outcome outcome, List<LogRecord> log) {
        System.out.printf("%s acknowledged=%d errors=%d unanswered=%d in the log=%d consumed by the group=%d"
                        + " retries inside the producers=%d%n", label, outcome.acknowledged().size(),
                outcome.nonRetriableErrors().size(), outcome.unacknowledged(), log.size(), outcome.consumedDistinct(),
                outcome.producerRetries());
        List<String> values = log.stream().map(LogRecord::value).toList();
        Set<String> inLog = new HashSet<>(values);
        Set<String> lost = new HashSet<>(outcome.acknowledged());
        lost.removeAll(inLog);
        org.assertj.core.api.Assertions.assertThat(lost).as("acknowledged but not in the log").isEmpty();
        org.assertj.core.api.Assertions.assertThat(values).as("records in the log more than once").doesNotHaveDuplicates();
        org.assertj.core.api.Assertions.assertThat(outcome.nonRetriableErrors()).as("errors that reached the application").isEmpty();
        org.assertj.core.api.Assertions.assertThat(outcome.unacknowledged()).as("sends never answered").isZero();
        List<String> unread = log.stream().filter(r -> outcome.missing().contains(r.value()))
                .map(r -> r.partition() + "@" + r.offset()).sorted().toList();
        org.assertj.core.api.Assertions.assertThat(unread).as("acknowledged and in the log, but never consumed by the group"
                + " (partition@offset)").isEmpty();
    }

    @Override
    public void close() throws InterruptedException {
        producing.set(false);
        consuming.set(false);
        for (Thread t : producers) {
            t.join(Duration.ofMinutes(3).toMillis());
        }
        for (Thread t : consumers) {
            t.join(Duration.ofMinutes(1).toMillis());
        }
    }
}
