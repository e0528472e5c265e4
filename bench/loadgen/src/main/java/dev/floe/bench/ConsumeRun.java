package dev.floe.bench;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;

/**
 * Reads a topic from the beginning of every partition, without a consumer group, until the
 * expected number of records arrived or time ran out, and measures the read throughput. Run right
 * after a broker restart it measures catch-up reads: data that no broker cache holds.
 */
final class ConsumeRun {

    record Settings(String bootstrap, String topic, long records, Duration timeLimit, String label) {
        static Settings from(Args args) {
            return new Settings(
                    args.string("bootstrap", null),
                    args.string("topic", null),
                    args.number("records", 0),
                    Duration.ofSeconds(args.number("seconds", 120)),
                    args.string("label", "catchup"));
        }
    }

    private final Settings settings;
    private final CpuAccount cpu;

    ConsumeRun(Settings settings, CpuAccount cpu) {
        this.settings = settings;
        this.cpu = cpu;
    }

    Result run() {
        long records = 0;
        long bytes = 0;
        long start;
        long deadline;
        Map<String, Long> cpuBefore;
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(ClientSettings.consumer(settings.bootstrap()))) {
            List<TopicPartition> partitions = consumer.partitionsFor(settings.topic(), Duration.ofSeconds(30)).stream()
                    .map(info -> new TopicPartition(info.topic(), info.partition()))
                    .toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            cpuBefore = cpu.snapshot();
            start = System.nanoTime();
            deadline = start + settings.timeLimit().toNanos();
            while (records < settings.records() && System.nanoTime() < deadline) {
                ConsumerRecords<byte[], byte[]> batch = consumer.poll(Duration.ofMillis(200));
                for (ConsumerRecord<byte[], byte[]> record : batch) {
                    records++;
                    bytes += record.serializedValueSize() + Math.max(0, record.serializedKeySize());
                }
            }
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        Map<String, Double> cpuSeconds = CpuAccount.secondsBetween(cpuBefore, cpu.snapshot());
        long missing = Math.max(0, settings.records() - records);
        if (missing > 0) {
            System.err.println("loadgen: " + missing + " of " + settings.records() + " records were not read in time");
        }
        return new Result("consume", settings.label(), records, bytes, seconds, missing, null, cpuSeconds);
    }
}
