package dev.floe.broker.catalog;

/** A broker as the catalog knows it; {@code live} means its lease has not lapsed. */
public record BrokerInfo(int nodeId, String host, int port, String zone, String state, boolean walClean, boolean live) {
    public boolean serving() {
        return live && state.equals("UP");
    }
}
