package dev.floe.broker.catalog;

/**
 * A broker as the catalog knows it; {@code live} means its lease has not lapsed. {@code incarnation}
 * names one process lifetime of the node id; {@code walVolumeId} is the provider's id of its WAL
 * volume, or null when it was not launched by an agent (then its WAL can only be recovered by a restart).
 */
public record BrokerInfo(int nodeId, String host, int port, String zone, String state, boolean walClean, boolean live,
                         long incarnation, String walVolumeId) {
    public static final String FENCED = "FENCED";

    public BrokerInfo(int nodeId, String host, int port, String zone, String state, boolean walClean, boolean live) {
        this(nodeId, host, port, zone, state, walClean, live, 0, null);
    }

    public boolean serving() {
        return live && state.equals("UP");
    }

    public boolean fenced() {
        return state.equals(FENCED);
    }
}
