package dev.floe.agent.provider;

/**
 * A broker as the provider sees it. {@code state}: PENDING (started, not ready), RUNNING (ready), STOPPED (gone
 * or dead). {@code host}/{@code port} form its Kafka listener.
 */
public record BrokerInstance(String instanceId, String clusterId, int nodeId, String zone, String host, int port,
        State state, String detail) {

    public enum State { PENDING, RUNNING, STOPPED }

    public String bootstrap() {
        return host + ":" + port;
    }
}
