package dev.floe.agent.health;

/**
 * One broker's health: {@code up} only if it answers Kafka admin calls and (where known) holds a catalog lease;
 * {@code partitions} it owns and the record bytes per second it took in (Produce) and sent out (Fetch), as the
 * broker reports them to the catalog (0 when unknown).
 */
public record BrokerHealth(int nodeId, boolean up, String reason, int partitions, double bytesInPerSec,
                           double bytesOutPerSec) {

    public BrokerHealth(int nodeId, boolean up, String reason, int partitions) {
        this(nodeId, up, reason, partitions, 0.0, 0.0);
    }
}
