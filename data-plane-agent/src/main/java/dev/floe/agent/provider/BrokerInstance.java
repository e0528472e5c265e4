package dev.floe.agent.provider;

/**
 * A broker as the provider sees it. {@code state}: PENDING (started, not ready), RUNNING (ready), STOPPED (gone
 * or dead). {@code host}/{@code port} form its Kafka listener. {@code launchId} is the {@code FLOE_LAUNCH_ID} its broker
 * process was given (docs/failover.md), null when the provider cannot tell.
 */
public record BrokerInstance(String instanceId, String clusterId, int nodeId, String zone, String host, int port,
        State state, String detail, String launchId) {

    public enum State { PENDING, RUNNING, STOPPED }

    public String bootstrap() {
        return host + ":" + port;
    }

    /** The same instance, seen as dead for the reason given: it is replaced like one whose machine stopped. */
    public BrokerInstance dead(String why) {
        return new BrokerInstance(instanceId, clusterId, nodeId, zone, host, port, State.STOPPED, why, launchId);
    }
}
