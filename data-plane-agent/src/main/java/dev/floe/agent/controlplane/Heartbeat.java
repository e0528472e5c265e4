package dev.floe.agent.controlplane;

public record Heartbeat(String agentVersion, String hostname) {
}
