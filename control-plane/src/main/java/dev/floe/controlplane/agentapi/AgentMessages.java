package dev.floe.controlplane.agentapi;

import dev.floe.controlplane.cluster.ClusterPhase;
import dev.floe.controlplane.cluster.ClusterStatus;
import dev.floe.controlplane.operation.OperationType;
import dev.floe.controlplane.operation.StepState;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** The agent channel's messages, exactly as docs/agent-channel.md describes them. */
final class AgentMessages {

    private AgentMessages() {
    }

    record Register(@NotBlank @Size(max = 200) String bootstrapToken, @Size(max = 50) String agentVersion,
                    @Size(max = 255) String hostname) {
    }

    record Registered(UUID agentId, UUID environmentId, String clientId, String clientSecret, String tokenUrl) {
    }

    record Heartbeat(@Size(max = 50) String agentVersion, @Size(max = 255) String hostname) {
    }

    record ClusterStatusReport(
            @NotNull @Min(0) Long observedGeneration,
            @NotNull ClusterPhase phase,
            @Size(max = 2000) String bootstrapServers,
            @Size(max = 1000) List<ClusterStatus.@Valid Broker> brokers,
            @Size(max = 100) List<ClusterStatus.@Valid Condition> conditions,
            Boolean deleted) {
    }

    record StepEvent(@NotBlank @Size(max = 100) @Pattern(regexp = "[A-Za-z0-9._:-]+",
            message = "must be letters, digits, '.', '_', ':' or '-'") String step,
                     @NotNull StepState state,
                     @Size(max = 4000) String message,
                     Instant time) {
    }

    record OperationReport(@NotNull OperationType type,
                           @NotBlank @Size(max = 200) @Pattern(regexp = "[A-Za-z0-9._:/-]+",
                                   message = "must be letters, digits, '.', '_', ':', '/' or '-'") String key,
                           @Size(max = 2000) String summary,
                           Instant startedAt) {
    }

    record DesiredState(UUID environmentId, long revision, EnvironmentView environment, List<ClusterView> clusters,
                        List<DrPairingView> drPairings, List<PendingStep> pendingSteps) {
    }

    record EnvironmentView(String name, String provider, String region, String cloudAccountId, String vpcId,
                           Map<String, String> subnets, Catalog catalog) {
    }

    record Catalog(String jdbcUrl, String username, String passwordSecretRef) {
    }

    record ClusterView(UUID id, String name, long generation, boolean deleting, UUID operationId, TierView tier,
                       SpecView spec) {
    }

    record TierView(String name, int rpoSeconds, int rtoSeconds, int minBrokers, int zonesRequired,
                    boolean drRequired, String walType) {
    }

    record SpecView(int brokerCount, String instanceType, List<String> zones, int walVolumeSizeGiB, String walType,
                    long retentionMs, Listener listener) {
    }

    record Listener(int port, boolean autoCreateTopics) {
    }

    record DrPairingView(UUID id, String name, UUID primaryClusterId, UUID standbyClusterId, String topicFilter,
                         String groupFilter, String state, UUID activeClusterId) {
    }

    record PendingStep(UUID operationId, String operationType, String step, UUID targetId, Map<String, Object> input) {
    }
}
