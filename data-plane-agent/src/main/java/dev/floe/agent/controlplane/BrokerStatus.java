package dev.floe.agent.controlplane;

public record BrokerStatus(int nodeId, String host, int port, String zone, String state, int partitions,
        double bytesInPerSec, double bytesOutPerSec) {
}
