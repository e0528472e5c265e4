package dev.floe.agent.controlplane;

public record ListenerSpec(Integer port, Boolean autoCreateTopics) {
}
