package dev.floe.controlplane.agentapi;

import dev.floe.controlplane.environment.AgentProperties;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

/** The agents of an environment, as people see them. */
@RestController
@Tag(name = "Environments")
class AgentsController {

    record AgentResponse(UUID id, UUID environmentId, String clientId, String agentVersion, String hostname,
                         Instant registeredAt, Instant lastSeenAt, Agent.Connection status) {
    }

    private final AgentService agents;
    private final AgentProperties properties;
    private final Clock clock;

    AgentsController(AgentService agents, AgentProperties properties, Clock clock) {
        this.agents = agents;
        this.properties = properties;
        this.clock = clock;
    }

    @GetMapping("/api/v1/environments/{environmentId}/agents")
    @Operation(operationId = "listAgents", summary = "List an environment's agents with their connection status")
    List<AgentResponse> list(@PathVariable UUID environmentId) {
        Instant now = clock.instant();
        return agents.agentsOf(environmentId).stream()
                .map(agent -> new AgentResponse(agent.id(), agent.environmentId(), agent.clientId(),
                        agent.agentVersion(), agent.hostname(), agent.registeredAt(), agent.lastSeenAt(),
                        agent.connection(now, properties.heartbeatTimeout())))
                .toList();
    }
}
