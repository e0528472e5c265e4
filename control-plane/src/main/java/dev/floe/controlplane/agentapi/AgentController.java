package dev.floe.controlplane.agentapi;

import dev.floe.controlplane.api.ApiException;
import dev.floe.controlplane.api.ApiProperties;
import dev.floe.controlplane.environment.AgentProperties;
import dev.floe.controlplane.environment.DesiredStateChanges;
import dev.floe.controlplane.api.Callers;
import dev.floe.controlplane.security.SecurityProperties;
import dev.floe.controlplane.operation.OperationView;
import dev.floe.controlplane.operation.Operations;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import java.net.URI;
import java.time.Duration;
import java.util.UUID;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.support.ServletUriComponentsBuilder;

/** The agent channel (docs/agent-channel.md): outbound calls from agents only. */
@RestController
@RequestMapping("/api/v1/agent")
@Tag(name = "Agent channel")
class AgentController {

    private final AgentService agents;
    private final DesiredStateAssembler desiredState;
    private final DesiredStateChanges changes;
    private final AgentProperties agentProperties;
    private final SecurityProperties securityProperties;
    private final ApiProperties apiProperties;

    AgentController(AgentService agents, DesiredStateAssembler desiredState, DesiredStateChanges changes,
            AgentProperties agentProperties, SecurityProperties securityProperties, ApiProperties apiProperties) {
        this.agents = agents;
        this.desiredState = desiredState;
        this.changes = changes;
        this.agentProperties = agentProperties;
        this.securityProperties = securityProperties;
        this.apiProperties = apiProperties;
    }

    @PostMapping("/register")
    @ResponseStatus(HttpStatus.CREATED)
    @Operation(operationId = "registerAgent",
            summary = "Trade a one-time bootstrap token for the agent's client credentials")
    AgentMessages.Registered register(@Valid @RequestBody AgentMessages.Register request) {
        AgentService.Registration registration = agents.register(request.bootstrapToken(), request.agentVersion(),
                request.hostname());
        Agent agent = registration.agent();
        return new AgentMessages.Registered(agent.id(), agent.environmentId(), agent.clientId(),
                registration.clientSecret(), baseUrl() + "/oauth2/token");
    }

    @GetMapping("/environments/{environmentId}/desired-state")
    @Operation(operationId = "getDesiredState", summary = "Long-poll the environment's desired state by revision")
    AgentMessages.DesiredState desiredState(@PathVariable UUID environmentId,
            @RequestParam(defaultValue = "0") long revision,
            @RequestParam(defaultValue = "30") int waitSeconds) throws InterruptedException {
        if (revision < 0) {
            throw ApiException.invalid("revision", "must be 0 or greater");
        }
        long maxWait = agentProperties.maxWait().toSeconds();
        if (waitSeconds < 0 || waitSeconds > maxWait) {
            throw ApiException.invalid("waitSeconds", "must be between 0 and " + maxWait);
        }
        authorize(environmentId, null, null);
        if (revision > 0) {
            changes.awaitAfter(environmentId, revision, Duration.ofSeconds(waitSeconds));
        }
        return desiredState.assemble(environmentId);
    }

    @PostMapping("/environments/{environmentId}/heartbeat")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    @Operation(operationId = "sendHeartbeat", summary = "Tell the control plane the agent is alive")
    void heartbeat(@PathVariable UUID environmentId,
            @Valid @RequestBody(required = false) AgentMessages.Heartbeat heartbeat) {
        authorize(environmentId, heartbeat == null ? null : heartbeat.agentVersion(),
                heartbeat == null ? null : heartbeat.hostname());
    }

    @PutMapping("/environments/{environmentId}/clusters/{clusterId}/status")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    @Operation(operationId = "reportClusterStatus", summary = "Report a cluster's observed state")
    void status(@PathVariable UUID environmentId, @PathVariable UUID clusterId,
            @Valid @RequestBody AgentMessages.ClusterStatusReport report) {
        authorize(environmentId, null, null);
        agents.reportStatus(environmentId, clusterId, report);
    }

    @PostMapping("/environments/{environmentId}/operations/{operationId}/events")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    @Operation(operationId = "reportStepEvent", summary = "Report an operation step event (idempotent)")
    void event(@PathVariable UUID environmentId, @PathVariable UUID operationId,
            @Valid @RequestBody AgentMessages.StepEvent event) {
        authorize(environmentId, null, null);
        agents.recordStepEvent(environmentId, operationId, event);
    }

    @PostMapping("/environments/{environmentId}/clusters/{clusterId}/operations")
    @Operation(operationId = "reportOperation",
            summary = "Report an operation the data plane started by itself (idempotent by key)")
    @ApiResponse(responseCode = "201", description = "The operation was recorded")
    @ApiResponse(responseCode = "200", description = "A replay: the operation this key already names")
    ResponseEntity<OperationView> reportOperation(@PathVariable UUID environmentId, @PathVariable UUID clusterId,
            @Valid @RequestBody AgentMessages.OperationReport report) {
        authorize(environmentId, null, null);
        Operations.Reported reported = agents.reportOperation(environmentId, clusterId, report);
        OperationView view = OperationView.of(reported.operation(), null);
        return reported.created()
                ? ResponseEntity.created(URI.create(view.location())).body(view)
                : ResponseEntity.ok(view);
    }

    /** Only the environment's own agents; every accepted call is a heartbeat. */
    private void authorize(UUID environmentId, String agentVersion, String hostname) {
        Callers.requireAgentOf(environmentId, securityProperties.environmentClaim());
        agents.touch(Callers.current(), agentVersion, hostname);
    }

    private String baseUrl() {
        if (apiProperties.publicUrl() != null && !apiProperties.publicUrl().isBlank()) {
            return apiProperties.publicUrl().replaceAll("/+$", "");
        }
        return ServletUriComponentsBuilder.fromCurrentContextPath().build().toUriString();
    }
}
