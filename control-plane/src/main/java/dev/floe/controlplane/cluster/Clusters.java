package dev.floe.controlplane.cluster;

import dev.floe.controlplane.api.ApiException;
import dev.floe.controlplane.api.Etags;
import dev.floe.controlplane.audit.AuditLog;
import dev.floe.controlplane.environment.DesiredStateChanges;
import dev.floe.controlplane.environment.Environment;
import dev.floe.controlplane.environment.Environments;
import dev.floe.controlplane.operation.Operation;
import dev.floe.controlplane.operation.OperationProperties;
import dev.floe.controlplane.operation.OperationType;
import dev.floe.controlplane.operation.Operations;
import dev.floe.controlplane.operation.StepPlan;
import dev.floe.controlplane.tier.RecoveryTier;
import dev.floe.controlplane.tier.RecoveryTiers;
import java.time.Clock;
import java.util.List;
import java.util.UUID;
import org.springframework.data.domain.Page;
import org.springframework.data.domain.Pageable;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Cluster lifecycle. Every change raises the cluster's generation, bumps the environment's desired-state revision
 * (waking its agent) and starts an operation that completes when the agent reports the generation running.
 */
@Service
public class Clusters {

    /** The cluster after a change, and the operation carrying it out. */
    public record Changed(Cluster cluster, Operation operation) {
    }

    private final ClusterRepository clusters;
    private final Environments environments;
    private final RecoveryTiers tiers;
    private final Operations operations;
    private final OperationProperties operationProperties;
    private final DesiredStateChanges changes;
    private final JdbcTemplate jdbc;
    private final AuditLog audit;
    private final Clock clock;

    Clusters(ClusterRepository clusters, Environments environments, RecoveryTiers tiers, Operations operations,
            OperationProperties operationProperties, DesiredStateChanges changes, JdbcTemplate jdbc, AuditLog audit,
            Clock clock) {
        this.clusters = clusters;
        this.environments = environments;
        this.tiers = tiers;
        this.operations = operations;
        this.operationProperties = operationProperties;
        this.changes = changes;
        this.jdbc = jdbc;
        this.audit = audit;
        this.clock = clock;
    }

    @Transactional(readOnly = true)
    public Cluster get(UUID id) {
        return clusters.findById(id).orElseThrow(() -> ApiException.notFound("cluster", id));
    }

    @Transactional(readOnly = true)
    public Page<Cluster> list(UUID environmentId, Pageable page) {
        return environmentId == null ? clusters.findAll(page) : clusters.findByEnvironmentId(environmentId, page);
    }

    @Transactional(readOnly = true)
    public List<Cluster> inEnvironment(UUID environmentId) {
        return clusters.findByEnvironmentIdOrderByName(environmentId);
    }

    @Transactional(readOnly = true)
    public String tierName(UUID tierId) {
        return tiers.get(tierId).name();
    }

    @Transactional
    public Changed create(UUID environmentId, String name, String tierName, ClusterSpec requested) {
        Environment environment = environmentOf(environmentId);
        RecoveryTier tier = tierNamed(tierName);
        ClusterSpec spec = requested.withDefaults(tier.walType());
        TierPolicy.check(spec, tier, environment.subnets());
        if (clusters.findByEnvironmentIdAndName(environmentId, name).isPresent()) {
            throw ApiException.conflict("already-exists",
                    "cluster " + name + " already exists in environment " + environment.name());
        }
        Cluster cluster = clusters.saveAndFlush(new Cluster(environmentId, tier.id(), name, spec, clock.instant()));
        Operation operation = startOperation(cluster, OperationType.CREATE_CLUSTER, convergence());
        audit.record("cluster.create", "cluster", cluster.id(),
                "created cluster " + name + " (tier " + tier.name() + ", " + spec.brokerCount() + " brokers in "
                        + spec.zones() + ")");
        return new Changed(cluster, operation);
    }

    @Transactional
    public Changed update(UUID id, String tierName, ClusterSpec requested, String ifMatch) {
        Cluster cluster = changeable(id, ifMatch);
        RecoveryTier tier = tierName == null ? tiers.get(cluster.tierId()) : tierNamed(tierName);
        ClusterSpec spec = requested.withDefaults(tier.walType());
        TierPolicy.check(spec, tier, environmentOf(cluster.environmentId()).subnets());
        ClusterSpec before = cluster.spec();
        cluster.changeSpec(tier.id(), spec, clock.instant());
        Operation operation = startOperation(cluster, OperationType.UPDATE_CLUSTER, convergence());
        audit.record("cluster.update", "cluster", id, "updated cluster " + cluster.name() + " from " + before
                + " to " + spec + " (tier " + tier.name() + ")");
        return new Changed(cluster, operation);
    }

    @Transactional
    public Changed scale(UUID id, int brokerCount, String ifMatch) {
        Cluster cluster = changeable(id, ifMatch);
        RecoveryTier tier = tiers.get(cluster.tierId());
        ClusterSpec before = cluster.spec();
        ClusterSpec spec = new ClusterSpec(brokerCount, before.instanceType(), before.zones(),
                before.walVolumeSizeGiB(), before.walType(), before.retentionMs(), before.listener());
        TierPolicy.check(spec, tier, environmentOf(cluster.environmentId()).subnets());
        cluster.changeSpec(tier.id(), spec, clock.instant());
        Operation operation = startOperation(cluster, OperationType.SCALE_CLUSTER, convergence());
        audit.record("cluster.scale", "cluster", id, "scaled cluster " + cluster.name() + " from "
                + before.brokerCount() + " to " + brokerCount + " brokers");
        return new Changed(cluster, operation);
    }

    /** Deleting wins over whatever the cluster was doing: an unfinished operation is cancelled. */
    @Transactional
    public Changed delete(UUID id, String ifMatch) {
        Cluster cluster = get(id);
        Etags.requireMatch(ifMatch, cluster.version());
        if (cluster.deleting()) {
            throw ApiException.conflict("already-deleting", "cluster " + cluster.name() + " is already being deleted");
        }
        // SQL rather than DrPairings: drpairing builds on cluster, and asking it back would make a cycle
        Integer pairings = jdbc.queryForObject(
                "SELECT count(*) FROM dr_pairing WHERE primary_cluster_id = ? OR standby_cluster_id = ?",
                Integer.class, id, id);
        if (pairings != null && pairings > 0) {
            throw ApiException.conflict("cluster-in-dr-pairing",
                    "cluster " + cluster.name() + " is part of a DR pairing; delete the pairing first");
        }
        if (cluster.operationId() != null) {
            operations.supersede(cluster.operationId(), "superseded by the deletion of the cluster");
        }
        cluster.markDeleting(clock.instant());
        Operation operation = startOperation(cluster, OperationType.DELETE_CLUSTER, List.of(
                new StepPlan(ClusterStepHandlers.AWAIT_DELETED, operationProperties.agentStepAttempts(),
                        operationProperties.convergenceTimeout()),
                new StepPlan(ClusterStepHandlers.REMOVE, 5, operationProperties.convergenceTimeout())));
        audit.record("cluster.delete", "cluster", id, "requested deletion of cluster " + cluster.name());
        return new Changed(cluster, operation);
    }

    private List<StepPlan> convergence() {
        return List.of(new StepPlan(ClusterStepHandlers.AWAIT_CONVERGED, operationProperties.agentStepAttempts(),
                operationProperties.convergenceTimeout()));
    }

    private Operation startOperation(Cluster cluster, OperationType type, List<StepPlan> plan) {
        clusters.flush();
        Operation operation = operations.start(type, "cluster", cluster.id(), cluster.environmentId(),
                cluster.generation(), plan);
        cluster.startedBy(operation.id());
        clusters.flush();
        changes.bump(cluster.environmentId());
        return operation;
    }

    /** A cluster that may take a new spec: not being deleted, no operation in flight, If-Match current. */
    private Cluster changeable(UUID id, String ifMatch) {
        Cluster cluster = get(id);
        Etags.requireMatch(ifMatch, cluster.version());
        if (cluster.deleting()) {
            throw ApiException.conflict("cluster-deleting", "cluster " + cluster.name() + " is being deleted");
        }
        if (operations.isActive(cluster.operationId())) {
            throw ApiException.conflict("operation-in-progress", "operation " + cluster.operationId()
                    + " is still running on cluster " + cluster.name() + "; wait for it or cancel it");
        }
        return cluster;
    }

    private Environment environmentOf(UUID environmentId) {
        try {
            return environments.get(environmentId);
        } catch (ApiException e) {
            throw ApiException.invalid("environmentId", "environment " + environmentId + " does not exist");
        }
    }

    private RecoveryTier tierNamed(String name) {
        try {
            return tiers.get(name);
        } catch (ApiException e) {
            throw ApiException.invalid("tier", "recovery tier " + name + " does not exist");
        }
    }
}
