package dev.floe.agent.health;

/** Record bytes per second a broker took in through Produce and sent out through Fetch over its last minute. */
public record BrokerTraffic(double bytesInPerSec, double bytesOutPerSec) {

    public static final BrokerTraffic NONE = new BrokerTraffic(0.0, 0.0);
}
