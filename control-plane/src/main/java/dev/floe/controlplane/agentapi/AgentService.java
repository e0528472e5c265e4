package dev.floe.controlplane.agentapi;

import dev.floe.controlplane.api.ApiException;
import dev.floe.controlplane.audit.AuditLog;
import dev.floe.controlplane.cluster.ClusterStatusRecorder;
import dev.floe.controlplane.environment.AgentProperties;
import dev.floe.controlplane.environment.Environments;
import dev.floe.controlplane.operation.Operation;
import dev.floe.controlplane.operation.Operations;
import dev.floe.controlplane.security.ApiClients;
import java.sql.Timestamp;
import java.time.Clock;
import java.util.List;
import java.util.UUID;
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
