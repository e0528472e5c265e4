package dev.floe.agent.health;

/**
 * One broker's health: {@code up} only if it answers Kafka admin calls and (where known) holds a catalog lease;
 * {@code partitions} it owns and {@code bytesInPerSec} it uploads, from the catalog (0 when unknown).
 */
public record BrokerHealth(int nodeId, boolean up, String reason, int partitions, double bytesInPerSec) {

    public BrokerHealth(int nodeId, boolean up, String reason, int partitions) {
        this(nodeId, up, reason, partitions, 0.0);
    }
}
