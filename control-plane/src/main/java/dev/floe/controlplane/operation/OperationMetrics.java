package dev.floe.controlplane.operation;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/** {@code floe_operations{state=…}}: operations by state, read from the database when scraped. */
@Component
class OperationMetrics implements MeterBinder {

    private final JdbcTemplate jdbc;
    private volatile Map<String, Long> counts = Map.of();
    private volatile long countedAt;

    OperationMetrics(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        for (OperationState state : OperationState.values()) {
            Gauge.builder("floe.operations", () -> count(state.name()))
                    .description("operations by state").tag("state", state.name()).register(registry);
        }
    }

    /** One query per scrape, not one per state. */
    private synchronized long count(String state) {
        if (System.nanoTime() - countedAt > 1_000_000_000L) {
            Map<String, Long> fresh = new ConcurrentHashMap<>();
            jdbc.query("SELECT state, count(*) FROM operation GROUP BY state",
                    rs -> {
                        fresh.put(rs.getString(1), rs.getLong(2));
                    });
            counts = fresh;
            countedAt = System.nanoTime();
        }
        return counts.getOrDefault(state, 0L);
    }
}
