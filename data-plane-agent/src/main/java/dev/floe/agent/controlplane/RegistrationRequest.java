package dev.floe.agent.controlplane;

public record RegistrationRequest(String bootstrapToken, String agentVersion, String hostname) {
}
