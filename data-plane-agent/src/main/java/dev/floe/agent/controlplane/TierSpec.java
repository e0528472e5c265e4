package dev.floe.agent.controlplane;

public record TierSpec(String name, Integer rpoSeconds, Integer rtoSeconds, Integer minBrokers,
        Integer zonesRequired, Boolean drRequired, String walType) {
}
