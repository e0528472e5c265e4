package dev.floe.controlplane.drpairing;

import dev.floe.controlplane.api.ApiException;
import dev.floe.controlplane.api.Etags;
import dev.floe.controlplane.audit.AuditLog;
import dev.floe.controlplane.cluster.Cluster;
import dev.floe.controlplane.cluster.Clusters;
import dev.floe.controlplane.environment.DesiredStateChanges;
import dev.floe.controlplane.operation.AgentTasks;
import dev.floe.controlplane.operation.Operation;
import dev.floe.controlplane.operation.OperationProperties;
import dev.floe.controlplane.operation.OperationType;
import dev.floe.controlplane.operation.Operations;
import dev.floe.controlplane.operation.StepPlan;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.data.domain.Page;
import org.springframework.data.domain.Pageable;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * DR pairings: the model, the API and the guarded state machine. Each action starts an operation whose first step
 * is an agent task (set up replication, promote the standby, fail back); the pairing's state moves on when the agent
 * reports the task done.
 */
@Service
public class DrPairings {

    static final String ESTABLISH = "establish-replication";
    static final String PROMOTE = "promote-standby";
    static final String FAILBACK = "failback";

    public record Changed(DrPairing pairing, Operation operation) {
    }

    private final DrPairingRepository pairings;
    private final Clusters clusters;
    private final Operations operations;
    private final OperationProperties operationProperties;
    private final DesiredStateChanges changes;
    private final AuditLog audit;
    private final Clock clock;

    DrPairings(DrPairingRepository pairings, Clusters clusters, Operations operations,
            OperationProperties operationProperties, DesiredStateChanges changes, AuditLog audit, Clock clock) {
        this.pairings = pairings;
        this.clusters = clusters;
        this.operations = operations;
        this.operationProperties = operationProperties;
        this.changes = changes;
        this.audit = audit;
        this.clock = clock;
    }

    @Transactional(readOnly = true)
    public Page<DrPairing> list(Pageable page) {
        return pairings.findAll(page);
    }

    @Transactional(readOnly = true)
    public DrPairing get(UUID id) {
        return pairings.findById(id).orElseThrow(() -> ApiException.notFound("DR pairing", id));
    }

    @Transactional
    public Changed create(String name, UUID primaryId, UUID standbyId, String topicFilter, String groupFilter) {
        if (primaryId.equals(standbyId)) {
            throw ApiException.invalid("standbyClusterId", "must differ from primaryClusterId");
        }
        Cluster primary = existing(primaryId, "primaryClusterId");
        Cluster standby = existing(standbyId, "standbyClusterId");
        if (pairings.findByName(name).isPresent()) {
            throw ApiException.conflict("already-exists", "DR pairing " + name + " already exists");
        }
        if (pairings.countInvolving(primaryId, standbyId) > 0) {
            throw ApiException.conflict("cluster-already-paired",
                    "a cluster can be part of one DR pairing only; " + primary.name() + " or " + standby.name()
                            + " already is");
        }
        DrPairing pairing = pairings.saveAndFlush(new DrPairing(name, primaryId, standbyId, topicFilter, groupFilter,
                clock.instant()));
        Operation operation = start(pairing, OperationType.CREATE_DR_PAIRING, standby.environmentId(), ESTABLISH,
                DrStepHandlers.COMPLETE_SETUP, Map.of());
        pairing.moveTo(DrState.PROVISIONING, operation.id(), clock.instant());
        bump(pairing);
        audit.record("dr-pairing.create", "dr-pairing", pairing.id(), "paired " + primary.name() + " → "
                + standby.name() + " (topics " + topicFilter + ", groups " + groupFilter + ")");
        return new Changed(pairing, operation);
    }

    @Transactional
    public DrPairing updateFilters(UUID id, String topicFilter, String groupFilter, String ifMatch) {
        DrPairing pairing = get(id);
        Etags.requireMatch(ifMatch, pairing.version());
        pairing.changeFilters(topicFilter, groupFilter, clock.instant());
        pairings.flush();
        bump(pairing);
        audit.record("dr-pairing.update", "dr-pairing", id, "filters now topics " + topicFilter + ", groups "
                + groupFilter);
        return pairing;
    }

    @Transactional
    public Changed failover(UUID id, boolean planned, String ifMatch) {
        DrPairing pairing = get(id);
        Etags.requireMatch(ifMatch, pairing.version());
        DrAction action = planned ? DrAction.PLANNED_FAILOVER : DrAction.UNPLANNED_FAILOVER;
        DrState next = transition(pairing, action);
        Cluster standby = clusters.get(pairing.standbyClusterId());
        Operation operation = start(pairing, OperationType.FAILOVER, standby.environmentId(), PROMOTE,
                DrStepHandlers.COMPLETE_FAILOVER, Map.of("mode", planned ? "planned" : "unplanned",
                        "primaryClusterId", pairing.primaryClusterId().toString(),
                        "standbyClusterId", pairing.standbyClusterId().toString()));
        pairing.moveTo(next, operation.id(), clock.instant());
        pairings.flush();
        bump(pairing);
        audit.record("dr-pairing.failover", "dr-pairing", id, (planned ? "planned" : "unplanned")
                + " failover of " + pairing.name() + " to " + standby.name());
        return new Changed(pairing, operation);
    }

    @Transactional
    public Changed failback(UUID id, String ifMatch) {
        DrPairing pairing = get(id);
        Etags.requireMatch(ifMatch, pairing.version());
        DrState next = transition(pairing, DrAction.FAILBACK);
        Cluster primary = clusters.get(pairing.primaryClusterId());
        Operation operation = start(pairing, OperationType.FAILBACK, primary.environmentId(), FAILBACK,
                DrStepHandlers.COMPLETE_FAILBACK, Map.of(
                        "primaryClusterId", pairing.primaryClusterId().toString(),
                        "standbyClusterId", pairing.standbyClusterId().toString()));
        pairing.moveTo(next, operation.id(), clock.instant());
        pairings.flush();
        bump(pairing);
        audit.record("dr-pairing.failback", "dr-pairing", id, "failback of " + pairing.name() + " to "
                + primary.name());
        return new Changed(pairing, operation);
    }

    @Transactional
    public void delete(UUID id, String ifMatch) {
        DrPairing pairing = get(id);
        Etags.requireMatch(ifMatch, pairing.version());
        transition(pairing, DrAction.DELETE);
        if (pairing.operationId() != null) {
            operations.supersede(pairing.operationId(), "the DR pairing was deleted");
        }
        bump(pairing);
        pairings.delete(pairing);
        audit.record("dr-pairing.delete", "dr-pairing", id, "deleted DR pairing " + pairing.name());
    }

    private DrState transition(DrPairing pairing, DrAction action) {
        boolean active = operations.isActive(pairing.operationId());
        return DrStateMachine.next(pairing.state(), action, active).orElseThrow(() -> ApiException.conflict(
                "illegal-dr-transition", "cannot " + action.name().toLowerCase().replace('_', ' ')
                        + " DR pairing " + pairing.name() + " in state " + pairing.state()
                        + (active ? " while operation " + pairing.operationId() + " is running" : "")));
    }

    private Operation start(DrPairing pairing, OperationType type, UUID environmentId, String agentTask,
            String completion, Map<String, ?> input) {
        return operations.start(type, "dr-pairing", pairing.id(), environmentId, null, input, List.of(
                AgentTasks.plan(agentTask, operationProperties.agentStepAttempts(),
                        operationProperties.convergenceTimeout()),
                new StepPlan(completion, 5, operationProperties.convergenceTimeout())));
    }

    private void bump(DrPairing pairing) {
        UUID primaryEnvironment = clusters.get(pairing.primaryClusterId()).environmentId();
        UUID standbyEnvironment = clusters.get(pairing.standbyClusterId()).environmentId();
        changes.bump(primaryEnvironment);
        if (!standbyEnvironment.equals(primaryEnvironment)) {
            changes.bump(standbyEnvironment);
        }
    }

    private Cluster existing(UUID id, String field) {
        try {
            Cluster cluster = clusters.get(id);
            if (cluster.deleting()) {
                throw ApiException.invalid(field, "cluster " + id + " is being deleted");
            }
            return cluster;
        } catch (ApiException e) {
            if (e.status().value() == 404) {
                throw ApiException.invalid(field, "cluster " + id + " does not exist");
            }
            throw e;
        }
    }
}
