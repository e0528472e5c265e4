package dev.floe.bench.elastic;

import dev.floe.bench.ClientSettings;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * Background load at a fixed rate: {@code producers} idempotent producers (loadgen's client settings: acks=all,
 * idempotence) each send to every partition in turn, so every partition receives a record every
 * {@code partitions / rate} seconds and {@link Writability} sees each one come back after a disruption. Bounded in
 * records and in time; records that end in an error are counted, never silently dropped.
 */
final class SteadyLoad implements AutoCloseable {

    record Settings(String bootstrap, String topic, int partitions, int producers, int ratePerSecond, int recordSize,
                    long maxRecords, Duration limit) {
        Settings {
            if (partitions < 1 || producers < 1 || ratePerSecond < 1 || recordSize < 1) {
                throw new IllegalArgumentException("partitions, producers, rate and record size must be positive");
            }
        }
    }

    private final Settings settings;
    private final Writability writability;
    private final AtomicBoolean running = new AtomicBoolean(true);
    private final AtomicLong sent = new AtomicLong();
    private final AtomicLong acknowledged = new AtomicLong();
    private final AtomicLong failed = new AtomicLong();
    private final List<Thread> threads = new ArrayList<>();
    private volatile String lastError;

    SteadyLoad(Settings settings) {
        this.settings = settings;
        this.writability = new Writability(settings.partitions());
    }

    Writability writability() {
        return writability;
    }

    SteadyLoad start() {
        byte[] value = new byte[settings.recordSize()];
        new Random(42).nextBytes(value);
        long perProducer = Math.max(1, settings.maxRecords() / settings.producers());
        long intervalNanos = 1_000_000_000L * settings.producers() / settings.ratePerSecond();
        long deadline = System.nanoTime() + settings.limit().toNanos();
        for (int i = 0; i < settings.producers(); i++) {
            int id = i;
            Thread t = new Thread(() -> produce(id, value, perProducer, intervalNanos, deadline), "load-" + i);
            t.setDaemon(true);
            threads.add(t);
            t.start();
        }
        return this;
    }

    private void produce(int id, byte[] value, long records, long intervalNanos, long deadline) {
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(ClientSettings.producer(settings.bootstrap()))) {
            long start = System.nanoTime();
            for (long i = 0; i < records && running.get(); i++) {
                long due = start + i * intervalNanos;
                long now = System.nanoTime();
                if (now - deadline > 0) {
                    break;
                }
                if (due > now) {
                    LockSupport.parkNanos(due - now);
                }
                int partition = (int) ((i + id) % settings.partitions());
                long sentAt = System.nanoTime();
                producer.send(new ProducerRecord<>(settings.topic(), partition, null, value), (metadata, e) -> {
                    if (e == null) {
                        acknowledged.incrementAndGet();
                        writability.acknowledged(partition, sentAt, System.nanoTime());
                    } else {
                        failed.incrementAndGet();
                        lastError = e.toString();
                    }
                });
                sent.incrementAndGet();
            }
            producer.flush();
        } catch (RuntimeException e) {
            lastError = e.toString();
            Log.info("load producer %d stopped: %s", id, e);
        }
    }

    long sent() {
        return sent.get();
    }

    long acknowledged() {
        return acknowledged.get();
    }

    long failed() {
        return failed.get();
    }

    String lastError() {
        return lastError;
    }

    boolean alive() {
        return threads.stream().anyMatch(Thread::isAlive);
    }

    /** Stops sending, waits for what is in flight (bounded by the producers' delivery timeout). */
    @Override
    public void close() throws InterruptedException {
        running.set(false);
        for (Thread t : threads) {
            t.join(Duration.ofMinutes(3).toMillis());
        }
    }
}
