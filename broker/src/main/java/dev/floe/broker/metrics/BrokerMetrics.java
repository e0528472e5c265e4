package dev.floe.broker.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Timer;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.IntSupplier;
import java.util.function.LongConsumer;
import java.util.function.LongSupplier;

/**
 * The broker's metrics, in Prometheus form (served by {@link MetricsServer} when {@code metrics.listener} is set).
 * Meters are registered once here so every name and label is in one place.
 */
public final class BrokerMetrics {
    /** Fsync durations that tell a healthy disk (about a millisecond) from stalls that show in the produce p99. */
    private static final Duration[] FSYNC_BUCKETS = {Duration.ofMillis(1), Duration.ofMillis(10), Duration.ofMillis(50),
            Duration.ofMillis(100), Duration.ofMillis(250), Duration.ofSeconds(1)};
    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);

    public BrokerMetrics(int nodeId) {
        registry.config().commonTags("node", Integer.toString(nodeId));
    }

    /** A partition move this broker planned (as controller, as an admin's reassignment, or while draining). */
    public void movePlanned(String trigger) {
        Counter.builder("floe.partition.moves.planned").description("partition moves planned, by what triggered them")
                .tag("trigger", trigger).register(registry).increment();
    }

    /** A partition this broker handed over to another broker (it uploaded what the bucket lacked, then released it). */
    public void handedOver() {
        Counter.builder("floe.partition.handovers").description("partitions this broker handed over to another")
                .register(registry).increment();
    }

    /** A broker the controller fenced because its lease lapsed. */
    public void fenced() {
        Counter.builder("floe.brokers.fenced").description("brokers fenced by this controller after their lease lapsed")
                .register(registry).increment();
    }

    /**
     * The WAL: how long its group-commit fsyncs take (every acknowledged produce waits for one, so their tail is the
     * produce latency's), and how much received data waits for upload. A histogram rather than quantiles: its buckets
     * count fsyncs by duration since the start, so the difference of two scrapes says exactly how many stalled in
     * between, and Prometheus can add up the brokers of a cluster.
     */
    public LongConsumer watchWal(LongSupplier untrimmedBytes) {
        Timer fsyncs = Timer.builder("floe.wal.fsync").description("WAL group-commit fsyncs")
                .serviceLevelObjectives(FSYNC_BUCKETS)
                .register(registry);
        Gauge.builder("floe.wal.unuploaded", untrimmedBytes::getAsLong).description("received bytes in the WAL not yet uploaded")
                .baseUnit("bytes").register(registry);
        return nanos -> fsyncs.record(nanos, TimeUnit.NANOSECONDS);
    }

    public void watch(IntSupplier ownedPartitions, BooleanSupplier controller, LongSupplier bytesIn, LongSupplier bytesOut) {
        Gauge.builder("floe.partitions.owned", ownedPartitions::getAsInt).description("partitions this broker serves")
                .register(registry);
        Gauge.builder("floe.controller.active", () -> controller.getAsBoolean() ? 1 : 0)
                .description("1 while this broker holds the controller role").register(registry);
        FunctionCounter.builder("floe.bytes.in", bytesIn, LongSupplier::getAsLong).description("record bytes produced")
                .baseUnit("bytes").register(registry);
        FunctionCounter.builder("floe.bytes.out", bytesOut, LongSupplier::getAsLong).description("record bytes fetched")
                .baseUnit("bytes").register(registry);
    }

    /** The Prometheus text exposition of every meter. */
    public String scrape() {
        return registry.scrape();
    }
}
