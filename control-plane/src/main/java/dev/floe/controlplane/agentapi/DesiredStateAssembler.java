package dev.floe.controlplane.agentapi;

import dev.floe.controlplane.api.ApiException;
import dev.floe.controlplane.api.JsonColumns;
import dev.floe.controlplane.operation.AgentTasks;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Isolation;
import org.springframework.transaction.annotation.Transactional;
import tools.jackson.core.type.TypeReference;

/** Reads an environment's desired state and its revision from one snapshot, so the two always agree. */
@Component
class DesiredStateAssembler {

    private final JdbcTemplate jdbc;

    DesiredStateAssembler(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    @Transactional(readOnly = true, isolation = Isolation.REPEATABLE_READ)
    AgentMessages.DesiredState assemble(UUID environmentId) {
        List<Map<String, Object>> environments = jdbc.queryForList("SELECT * FROM environment WHERE id = ?",
                environmentId);
        if (environments.isEmpty()) {
            throw ApiException.notFound("environment", environmentId);
        }
        Map<String, Object> environment = environments.get(0);
        return new AgentMessages.DesiredState(environmentId, ((Number) environment.get("revision")).longValue(),
                environmentView(environment), clusters(environmentId), drPairings(environmentId),
                pendingSteps(environmentId));
    }

    private static AgentMessages.EnvironmentView environmentView(Map<String, Object> row) {
        return new AgentMessages.EnvironmentView((String) row.get("name"), (String) row.get("provider"),
                (String) row.get("region"), (String) row.get("cloud_account_id"), (String) row.get("vpc_id"),
                JsonColumns.read((String) row.get("subnets"), new TypeReference<TreeMap<String, String>>() { }),
                new AgentMessages.Catalog((String) row.get("catalog_jdbc_url"), (String) row.get("catalog_username"),
                        (String) row.get("catalog_password_secret_ref")));
    }

    private List<AgentMessages.ClusterView> clusters(UUID environmentId) {
        return jdbc.query("""
                SELECT c.*, t.name AS tier_name, t.rpo_seconds, t.rto_seconds, t.min_brokers, t.zones_required,
                       t.dr_required, t.wal_type AS tier_wal_type
                FROM cluster c JOIN recovery_tier t ON t.id = c.tier_id
                WHERE c.environment_id = ? AND c.phase <> 'DELETED' ORDER BY c.name""",
                (rs, n) -> new AgentMessages.ClusterView(rs.getObject("id", UUID.class), rs.getString("name"),
                        rs.getLong("generation"), rs.getBoolean("deleting"), rs.getObject("operation_id", UUID.class),
                        new AgentMessages.TierView(rs.getString("tier_name"), rs.getInt("rpo_seconds"),
                                rs.getInt("rto_seconds"), rs.getInt("min_brokers"), rs.getInt("zones_required"),
                                rs.getBoolean("dr_required"), rs.getString("tier_wal_type")),
                        new AgentMessages.SpecView(rs.getInt("broker_count"), rs.getString("instance_type"),
                                Arrays.asList(rs.getString("zones").split(",")), rs.getInt("wal_volume_size_gib"),
                                rs.getString("wal_type"), rs.getLong("retention_ms"),
                                new AgentMessages.Listener(rs.getInt("listener_port"),
                                        rs.getBoolean("auto_create_topics")))),
                environmentId);
    }

    private List<AgentMessages.DrPairingView> drPairings(UUID environmentId) {
        return jdbc.query("""
                SELECT p.* FROM dr_pairing p
                WHERE EXISTS (SELECT 1 FROM cluster c WHERE c.environment_id = ?
                              AND c.id IN (p.primary_cluster_id, p.standby_cluster_id))
                ORDER BY p.name""",
                (rs, n) -> new AgentMessages.DrPairingView(rs.getObject("id", UUID.class), rs.getString("name"),
                        rs.getObject("primary_cluster_id", UUID.class), rs.getObject("standby_cluster_id", UUID.class),
                        rs.getString("topic_filter"), rs.getString("group_filter"), rs.getString("state"),
                        rs.getObject("active_cluster_id", UUID.class)),
                environmentId);
    }

    /** Agent tasks that are the current step of an unfinished operation of this environment. */
    private List<AgentMessages.PendingStep> pendingSteps(UUID environmentId) {
        return jdbc.query("""
                SELECT o.id, o.type, o.target_id, o.input, s.name FROM operation o
                JOIN operation_step s ON s.operation_id = o.id
                WHERE o.environment_id = ? AND o.state IN ('PENDING', 'RUNNING') AND s.kind = 'ENGINE'
                  AND s.name LIKE ? AND s.state IN ('PENDING', 'RUNNING')
                  AND NOT EXISTS (SELECT 1 FROM operation_step earlier WHERE earlier.operation_id = o.id
                                  AND earlier.kind = 'ENGINE' AND earlier.position < s.position
                                  AND earlier.state <> 'SUCCEEDED')
                ORDER BY o.created_at""",
                (rs, n) -> new AgentMessages.PendingStep(rs.getObject("id", UUID.class), rs.getString("type"),
                        rs.getString("name").substring(AgentTasks.PREFIX.length()),
                        rs.getObject("target_id", UUID.class),
                        JsonColumns.read(rs.getString("input"), new TypeReference<Map<String, Object>>() { })),
                environmentId, AgentTasks.PREFIX + "%");
    }
}
