package dev.floe.controlplane.cluster;

import dev.floe.controlplane.api.ApiException;
import dev.floe.controlplane.api.JsonColumns;
import dev.floe.controlplane.audit.AuditLog;
import java.sql.Timestamp;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * Writes what the agent observed. Status never changes a cluster's ETag: that is about the spec. Changes of phase or
 * observed generation are audited.
 */
@Component
public class ClusterStatusRecorder {

    private final JdbcTemplate jdbc;
    private final AuditLog audit;
    private final Clock clock;

    ClusterStatusRecorder(JdbcTemplate jdbc, AuditLog audit, Clock clock) {
        this.jdbc = jdbc;
        this.audit = audit;
        this.clock = clock;
    }

    @Transactional(propagation = Propagation.MANDATORY)
    public void record(UUID environmentId, UUID clusterId, ClusterPhase phase, long observedGeneration,
            String bootstrapServers, List<ClusterStatus.Broker> brokers, List<ClusterStatus.Condition> conditions,
            boolean deleted) {
        List<Map<String, Object>> rows = jdbc.queryForList("""
                SELECT generation, phase, observed_generation FROM cluster
                WHERE id = ? AND environment_id = ? FOR UPDATE""", clusterId, environmentId);
        if (rows.isEmpty()) {
            throw ApiException.notFound("cluster", clusterId);
        }
        long generation = ((Number) rows.get(0).get("generation")).longValue();
        if (observedGeneration > generation) {
            throw ApiException.invalid("observedGeneration", "is " + observedGeneration
                    + " but the cluster's generation is only " + generation);
        }
        String newPhase = deleted ? ClusterPhase.DELETED.name() : phase.name();
        if (!newPhase.equals(rows.get(0).get("phase"))
                || observedGeneration != ((Number) rows.get(0).get("observed_generation")).longValue()) {
            // transitions are worth a record; the same status reported again every few seconds is not
            audit.record("cluster.status", "cluster", clusterId, "agent reports " + newPhase + " at generation "
                    + observedGeneration + " (was " + rows.get(0).get("phase") + " at "
                    + rows.get(0).get("observed_generation") + ")");
        }
        jdbc.update("""
                UPDATE cluster SET phase = ?, observed_generation = ?, bootstrap_servers = ?, brokers = ?,
                                   conditions = ?, status_updated_at = ?
                WHERE id = ?""",
                newPhase, observedGeneration, bootstrapServers,
                JsonColumns.write(brokers == null ? List.of() : brokers),
                JsonColumns.write(conditions == null ? List.of() : conditions),
                Timestamp.from(clock.instant()), clusterId);
    }
}
