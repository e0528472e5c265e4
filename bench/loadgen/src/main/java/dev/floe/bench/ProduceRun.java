package dev.floe.bench;

import java.time.Duration;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * Sends fixed-size records with one producer and measures throughput and per-record latency
 * (from {@code send} to the acknowledgement callback, the way Kafka's own perf tool counts it).
 * A warm-up is sent and acknowledged first so JIT compilation and connection setup of both the
 * client and the broker stay out of the numbers; at a fixed rate it is sent at that rate too, so it
 * leaves no backlog behind for the measured part.
 */
final class ProduceRun {

    record Settings(String bootstrap, String topic, int partitions, int records, int recordSize, int warmup,
                    long ratePerSecond, Duration timeLimit, String label) {
        static Settings from(Args args) {
            long records = args.number("records", 200_000);
            if (records == 0 || records > 20_000_000) {
                throw new IllegalArgumentException("--records must be between 1 and 20000000");
            }
            return new Settings(
                    args.string("bootstrap", null),
                    args.string("topic", null),
                    (int) args.number("partitions", 8),
                    (int) records,
                    (int) args.number("record-size", 1024),
                    (int) args.number("warmup", 20_000),
                    args.number("rate", 0),
                    Duration.ofSeconds(args.number("seconds", 90)),
                    args.string("label", "max"));
        }
    }

    private final Settings settings;
    private final CpuAccount cpu;

    ProduceRun(Settings settings, CpuAccount cpu) {
        this.settings = settings;
        this.cpu = cpu;
    }

    Result run() throws Exception {
        Topics.ensure(settings.bootstrap(), settings.topic(), settings.partitions());
        byte[] value = new byte[settings.recordSize()];
        new Random(42).nextBytes(value); // incompressible, and the same bytes on every broker
        long deadline = System.nanoTime() + settings.timeLimit().toNanos();
        AtomicLong errors = new AtomicLong();
        Latencies latencies = new Latencies(settings.records());
        long measuredStart;
        long measuredEnd;
        Map<String, Long> cpuBefore;
        Map<String, Long> cpuAfter;
        int sent = 0;
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(ClientSettings.producer(settings.bootstrap()))) {
            long intervalNanos = settings.ratePerSecond() == 0 ? 0 : 1_000_000_000L / settings.ratePerSecond();
            long warmupStart = System.nanoTime();
            for (int i = 0; i < settings.warmup() && System.nanoTime() < deadline; i++) {
                pace(warmupStart, i, intervalNanos);
                producer.send(new ProducerRecord<>(settings.topic(), value), (metadata, e) -> {
                    if (e != null) {
                        errors.incrementAndGet();
                    }
                });
            }
            producer.flush();
            cpuBefore = cpu.snapshot();
            measuredStart = System.nanoTime();
            for (; sent < settings.records(); sent++) {
                if (System.nanoTime() >= deadline) {
                    break;
                }
                pace(measuredStart, sent, intervalNanos);
                int index = sent;
                long start = System.nanoTime();
                producer.send(new ProducerRecord<>(settings.topic(), value), (metadata, e) -> {
                    if (e != null) {
                        errors.incrementAndGet();
                    } else {
                        latencies.record(index, System.nanoTime() - start);
                    }
                });
            }
            producer.flush();
            measuredEnd = System.nanoTime();
            cpuAfter = cpu.snapshot();
        }
        Latencies.Summary summary = latencies.summarize(sent);
        long acknowledged = sent - errors.get();
        if (errors.get() > 0) {
            System.err.println("loadgen: " + errors.get() + " records were not acknowledged");
        }
        return new Result("produce", settings.label(), acknowledged, acknowledged * settings.recordSize(),
                (measuredEnd - measuredStart) / 1e9, errors.get(), summary,
                CpuAccount.secondsBetween(cpuBefore, cpuAfter));
    }

    /** Waits until record {@code index} of a run started at {@code runStart} is due; no wait when unthrottled. */
    private static void pace(long runStart, long index, long intervalNanos) {
        if (intervalNanos > 0) {
            long wait = runStart + index * intervalNanos - System.nanoTime();
            if (wait > 0) {
                LockSupport.parkNanos(wait);
            }
        }
    }
}
