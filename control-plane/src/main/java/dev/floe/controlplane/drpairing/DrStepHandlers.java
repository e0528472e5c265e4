package dev.floe.controlplane.drpairing;

import dev.floe.controlplane.environment.DesiredStateChanges;
import dev.floe.controlplane.operation.AgentTasks;
import dev.floe.controlplane.operation.OperationProperties;
import dev.floe.controlplane.operation.engine.StepHandler;
import dev.floe.controlplane.operation.engine.StepOutcome;
import java.util.List;
import java.util.UUID;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;

/** Engine steps of DR operations: wait for the agent's task, then record the pairing's new state. */
@Configuration(proxyBeanMethods = false)
class DrStepHandlers {

    static final String COMPLETE_SETUP = "complete-replication-setup";
    static final String COMPLETE_FAILOVER = "complete-failover";
    static final String COMPLETE_FAILBACK = "complete-failback";

    private final JdbcTemplate jdbc;
    private final DesiredStateChanges changes;

    DrStepHandlers(JdbcTemplate jdbc, DesiredStateChanges changes) {
        this.jdbc = jdbc;
        this.changes = changes;
    }

    @Bean
    StepHandler awaitEstablish(OperationProperties properties) {
        return AgentTasks.handler(DrPairings.ESTABLISH, jdbc, properties.recheckInterval());
    }

    @Bean
    StepHandler awaitPromote(OperationProperties properties) {
        return AgentTasks.handler(DrPairings.PROMOTE, jdbc, properties.recheckInterval());
    }

    @Bean
    StepHandler awaitFailback(OperationProperties properties) {
        return AgentTasks.handler(DrPairings.FAILBACK, jdbc, properties.recheckInterval());
    }

    @Bean
    StepHandler completeSetup() {
        return completion(COMPLETE_SETUP, DrState.PROVISIONING, DrAction.REPLICATION_ESTABLISHED, "primary_cluster_id");
    }

    @Bean
    StepHandler completeFailover() {
        return completion(COMPLETE_FAILOVER, DrState.FAILING_OVER, DrAction.FAILOVER_COMPLETED, "standby_cluster_id");
    }

    @Bean
    StepHandler completeFailback() {
        return completion(COMPLETE_FAILBACK, DrState.FAILING_BACK, DrAction.FAILBACK_COMPLETED, "primary_cluster_id");
    }

    private StepHandler completion(String name, DrState from, DrAction action, String activeColumn) {
        DrState to = DrStateMachine.next(from, action, false).orElseThrow();
        return StepHandler.of(name, context -> {
            int updated = jdbc.update("UPDATE dr_pairing SET state = ?, active_cluster_id = " + activeColumn
                    + ", updated_at = now(), version = version + 1 WHERE id = ? AND state = ? AND operation_id = ?",
                    to.name(), context.targetId(), from.name(), context.operationId());
            if (updated == 0) {
                return StepOutcome.fail("the DR pairing is no longer " + from + " for this operation");
            }
            List<UUID> environments = jdbc.queryForList("""
                    SELECT DISTINCT c.environment_id FROM dr_pairing p JOIN cluster c
                      ON c.id IN (p.primary_cluster_id, p.standby_cluster_id) WHERE p.id = ?""",
                    UUID.class, context.targetId());
            environments.forEach(changes::bump);
            return StepOutcome.done("DR pairing is " + to);
        });
    }
}
