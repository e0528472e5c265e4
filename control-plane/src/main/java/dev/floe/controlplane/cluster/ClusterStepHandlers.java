package dev.floe.controlplane.cluster;

import dev.floe.controlplane.environment.DesiredStateChanges;
import dev.floe.controlplane.operation.OperationProperties;
import dev.floe.controlplane.operation.engine.StepContext;
import dev.floe.controlplane.operation.engine.StepHandler;
import dev.floe.controlplane.operation.engine.StepOutcome;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The engine steps of cluster operations. The agent does the work; these steps wait for its reports and then
 * tidy up. A FAILED step event from the agent counts as a failed attempt, so the agent gets a few chances to
 * report the step succeeded before the operation fails.
 */
@Configuration(proxyBeanMethods = false)
class ClusterStepHandlers {

    static final String AWAIT_CONVERGED = "await-agent-convergence";
    static final String AWAIT_DELETED = "await-agent-deletion";
    static final String REMOVE = "remove-cluster";

    private final JdbcTemplate jdbc;
    private final OperationProperties properties;

    ClusterStepHandlers(JdbcTemplate jdbc, OperationProperties properties) {
        this.jdbc = jdbc;
        this.properties = properties;
    }

    @Bean
    StepHandler awaitConverged() {
        return StepHandler.of(AWAIT_CONVERGED, context -> {
            Map<String, Object> cluster = cluster(context.targetId());
            if (cluster == null) {
                return StepOutcome.fail("the cluster no longer exists");
            }
            long observed = ((Number) cluster.get("observed_generation")).longValue();
            String phase = (String) cluster.get("phase");
            if (observed >= context.generation() && ClusterPhase.RUNNING.name().equals(phase)) {
                return StepOutcome.done("agent reports generation " + observed + " RUNNING");
            }
            return failedAgentStep(context).orElse(StepOutcome.waitFor(properties.recheckInterval(),
                    "waiting for the agent to report generation " + context.generation() + " RUNNING (observed "
                            + observed + ", phase " + phase + ")"));
        });
    }

    @Bean
    StepHandler awaitDeleted() {
        return StepHandler.of(AWAIT_DELETED, context -> {
            Map<String, Object> cluster = cluster(context.targetId());
            if (cluster == null || ClusterPhase.DELETED.name().equals(cluster.get("phase"))) {
                return StepOutcome.done("agent reports every resource of the cluster deleted");
            }
            return failedAgentStep(context).orElse(StepOutcome.waitFor(properties.recheckInterval(),
                    "waiting for the agent to report the cluster deleted (phase " + cluster.get("phase") + ")"));
        });
    }

    @Bean
    StepHandler removeCluster(DesiredStateChanges changes) {
        return StepHandler.of(REMOVE, context -> {
            int removed = jdbc.update("DELETE FROM cluster WHERE id = ?", context.targetId());
            if (removed == 1 && context.environmentId() != null) {
                changes.bump(context.environmentId());
            }
            return StepOutcome.done(removed == 1 ? "cluster removed" : "cluster was already removed");
        });
    }

    private Optional<StepOutcome> failedAgentStep(StepContext context) {
        List<Map<String, Object>> failed = jdbc.queryForList("""
                SELECT name, message FROM operation_step
                WHERE operation_id = ? AND kind = 'AGENT' AND state = 'FAILED' ORDER BY position LIMIT 1""",
                context.operationId());
        return failed.stream().findFirst().map(step -> StepOutcome.retry(
                "agent step " + step.get("name") + " failed: " + step.get("message")));
    }

    private Map<String, Object> cluster(UUID id) {
        List<Map<String, Object>> rows = jdbc.queryForList(
                "SELECT observed_generation, phase FROM cluster WHERE id = ?", id);
        return rows.isEmpty() ? null : rows.get(0);
    }
}
