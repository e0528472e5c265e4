package dev.floe.controlplane.agentapi;

import dev.floe.controlplane.api.ApiException;
import dev.floe.controlplane.audit.AuditLog;
import dev.floe.controlplane.cluster.ClusterStatusRecorder;
import dev.floe.controlplane.environment.AgentProperties;
import dev.floe.controlplane.environment.Environments;
import dev.floe.controlplane.operation.Operation;
import dev.floe.controlplane.operation.OperationType;
import dev.floe.controlplane.operation.Operations;
import dev.floe.controlplane.operation.StepState;
import dev.floe.controlplane.security.ApiClients;
import java.sql.Timestamp;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** What agents do: register once, then call in (each call is a heartbeat), report status and step events. */
@Service
class AgentService {

    record Registration(Agent agent, String clientSecret) {
    }

    private final Environments environments;
    private final ApiClients clients;
    private final AgentRepository agents;
    private final ClusterStatusRecorder statusRecorder;
    private final Operations operations;
    private final AgentProperties properties;
    private final JdbcTemplate jdbc;
    private final AuditLog audit;
    private final Clock clock;

    AgentService(Environments environments, ApiClients clients, AgentRepository agents,
            ClusterStatusRecorder statusRecorder, Operations operations, AgentProperties properties,
            JdbcTemplate jdbc, AuditLog audit, Clock clock) {
        this.environments = environments;
        this.clients = clients;
        this.agents = agents;
        this.statusRecorder = statusRecorder;
        this.operations = operations;
        this.properties = properties;
        this.jdbc = jdbc;
        this.audit = audit;
        this.clock = clock;
    }

    @Transactional
    public Registration register(String bootstrapToken, String agentVersion, String hostname) {
        UUID environmentId = environments.redeem(bootstrapToken);
        UUID agentId = UUID.randomUUID();
        ApiClients.Issued credentials = clients.createForAgent(agentId, environmentId);
        Agent agent = agents.save(new Agent(agentId, environmentId, credentials.client().clientId(), agentVersion,
                hostname, clock.instant()));
        audit.recordAs(credentials.client().clientId(), "agent.register", "environment", environmentId,
                "agent " + agentId + " (" + agentVersion + " on " + hostname + ") registered");
        return new Registration(agent, credentials.secret());
    }

    /** Every authenticated agent call counts as a heartbeat. */
    @Transactional
    public void touch(String clientId, String agentVersion, String hostname) {
        jdbc.update("""
                UPDATE agent SET last_seen_at = ?, agent_version = coalesce(?, agent_version),
                                 hostname = coalesce(?, hostname)
                WHERE client_id = ?""", Timestamp.from(clock.instant()), agentVersion, hostname, clientId);
    }

    @Transactional
    public void reportStatus(UUID environmentId, UUID clusterId, AgentMessages.ClusterStatusReport report) {
        statusRecorder.record(environmentId, clusterId, report.phase(), report.observedGeneration(),
                report.bootstrapServers(), report.brokers(), report.conditions(),
                Boolean.TRUE.equals(report.deleted()));
    }

    @Transactional
    public void recordStepEvent(UUID environmentId, UUID operationId, AgentMessages.StepEvent event) {
        Operation operation = operations.find(operationId)
                .filter(found -> environmentId.equals(found.environmentId()))
                .orElseThrow(() -> ApiException.notFound("operation", operationId));
        if (operations.recordAgentEvent(operation.id(), event.step(), event.state(), event.message(), event.time())) {
            audit.record("operation.step-event", "operation", operationId,
                    "agent reports step " + event.step() + " " + event.state());
        }
        if (operation.type().reportedByAgent()) {
            finishReported(operation, event);
        }
    }

    /**
     * Records an operation the data plane started by itself (docs/agent-channel.md). Idempotent by key: a replay
     * returns the operation the first report created and records nothing.
     */
    @Transactional
    public Operations.Reported reportOperation(UUID environmentId, UUID clusterId,
            AgentMessages.OperationReport report) {
        if (!report.type().reportedByAgent()) {
            throw ApiException.invalid("type", "an agent may report only " + OperationType.reportedByAgents()
                    .stream().map(Enum::name).collect(Collectors.joining(" and ")) + " operations");
        }
        Integer clusters = jdbc.queryForObject("SELECT count(*) FROM cluster WHERE id = ? AND environment_id = ?",
                Integer.class, clusterId, environmentId);
        if (clusters == null || clusters == 0) {
            throw ApiException.notFound("cluster", clusterId);
        }
        Map<String, Object> input = new LinkedHashMap<>();
        input.put("key", report.key());
        if (report.summary() != null) {
            input.put("summary", report.summary());
        }
        Operations.Reported reported = operations.report(report.type(), "cluster", clusterId, environmentId,
                report.key(), input, report.startedAt());
        Operation operation = reported.operation();
        if (reported.created()) {
            audit.record("operation.report", "operation", operation.id(), "agent reports " + report.type()
                    + " of cluster " + clusterId + " (" + report.key() + ")"
                    + (report.summary() == null ? "" : ": " + report.summary()));
        } else if (!operation.targetId().equals(clusterId) || operation.type() != report.type()) {
            throw ApiException.conflict("operation-key-in-use", "key " + report.key() + " already names "
                    + operation.type() + " operation " + operation.id() + " of cluster " + operation.targetId());
        }
        return reported;
    }

    /** A reported operation succeeds with its type's final step and fails with any failed step. */
    private void finishReported(Operation operation, AgentMessages.StepEvent event) {
        boolean done = operation.type().finalAgentStep().equals(event.step()) && event.state() == StepState.SUCCEEDED;
        boolean failed = event.state() == StepState.FAILED;
        if ((done || failed) && operations.finishReported(operation.id(), done,
                "step " + event.step() + " failed: " + event.message(), event.time())) {
            audit.record(done ? "operation.succeed" : "operation.fail", "operation", operation.id(),
                    "agent reports " + operation.type() + (done ? " done" : " failed at step " + event.step()));
        }
    }

    @Transactional(readOnly = true)
    public List<Agent> agentsOf(UUID environmentId) {
        environments.get(environmentId);
        return agents.findByEnvironmentIdOrderByRegisteredAt(environmentId);
    }

    @Transactional(readOnly = true)
    public long connectedAgents() {
        return agents.countSeenSince(clock.instant().minus(properties.heartbeatTimeout()));
    }
}
