package dev.floe.agent.health;

/** One broker's health: {@code up} only if it answers Kafka admin calls and (where known) holds a catalog lease. */
public record BrokerHealth(int nodeId, boolean up, String reason, int partitions) {
}
