package dev.floe.controlplane.cluster;

import dev.floe.controlplane.api.ApiException;
import dev.floe.controlplane.api.JsonColumns;
import java.sql.Timestamp;
import java.time.Clock;
import java.util.List;
import java.util.UUID;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/** Writes what the agent observed. Status never changes a cluster's ETag: that is about the spec. */
@Component
public class ClusterStatusRecorder {

    private final JdbcTemplate jdbc;
    private final Clock clock;

    ClusterStatusRecorder(JdbcTemplate jdbc, Clock clock) {
        this.jdbc = jdbc;
        this.clock = clock;
    }

    @Transactional(propagation = Propagation.MANDATORY)
    public void record(UUID environmentId, UUID clusterId, ClusterPhase phase, long observedGeneration,
            String bootstrapServers, List<ClusterStatus.Broker> brokers, List<ClusterStatus.Condition> conditions,
            boolean deleted) {
        List<Long> generation = jdbc.queryForList(
                "SELECT generation FROM cluster WHERE id = ? AND environment_id = ? FOR UPDATE", Long.class,
                clusterId, environmentId);
        if (generation.isEmpty()) {
            throw ApiException.notFound("cluster", clusterId);
        }
        if (observedGeneration > generation.get(0)) {
            throw ApiException.invalid("observedGeneration", "is " + observedGeneration
                    + " but the cluster's generation is only " + generation.get(0));
        }
        jdbc.update("""
                UPDATE cluster SET phase = ?, observed_generation = ?, bootstrap_servers = ?, brokers = ?,
                                   conditions = ?, status_updated_at = ?
                WHERE id = ?""",
                deleted ? ClusterPhase.DELETED.name() : phase.name(), observedGeneration, bootstrapServers,
                JsonColumns.write(brokers == null ? List.of() : brokers),
                JsonColumns.write(conditions == null ? List.of() : conditions),
                Timestamp.from(clock.instant()), clusterId);
    }
}
