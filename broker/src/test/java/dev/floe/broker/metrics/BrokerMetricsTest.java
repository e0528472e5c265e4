package dev.floe.broker.metrics;

import org.junit.jupiter.api.Test;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongConsumer;

import static org.assertj.core.api.Assertions.assertThat;

class BrokerMetricsTest {

    @Test
    void walFsyncsAndUnuploadedBytesAreExposed() {
        BrokerMetrics metrics = new BrokerMetrics(3);
        AtomicLong unuploaded = new AtomicLong(4096);
        LongConsumer fsyncs = metrics.watchWal(unuploaded::get);
        fsyncs.accept(TimeUnit.MILLISECONDS.toNanos(2));
        fsyncs.accept(TimeUnit.MILLISECONDS.toNanos(40));
        fsyncs.accept(TimeUnit.MILLISECONDS.toNanos(120));

        String scrape = metrics.scrape();

        assertThat(scrape).contains("floe_wal_fsync_seconds_count{node=\"3\"} 3")
                .contains("floe_wal_fsync_seconds_max{node=\"3\"} 0.12")
                .contains("floe_wal_fsync_seconds_bucket{node=\"3\",le=\"0.01\"} 1")
                .contains("floe_wal_fsync_seconds_bucket{node=\"3\",le=\"0.1\"} 2")
                .contains("floe_wal_fsync_seconds_bucket{node=\"3\",le=\"0.25\"} 3")
                .contains("floe_wal_unuploaded_bytes{node=\"3\"} 4096");
    }
}
