package dev.floe.agent.reconcile;

import dev.floe.agent.state.StateDirectory;

/** {@link ClusterRecord}s in the state directory, one file per cluster. */
public final class ClusterRecords {

    private final StateDirectory state;

    public ClusterRecords(StateDirectory state) {
        this.state = state;
    }

    public ClusterRecord load(String clusterId) {
        return state.read(file(clusterId), ClusterRecord.class).orElse(ClusterRecord.empty(clusterId));
    }

    public void save(ClusterRecord record) {
        state.write(file(record.clusterId()), record);
    }

    public void forget(String clusterId) {
        state.delete(file(clusterId));
    }

    private static String file(String clusterId) {
        return "clusters/" + clusterId.replaceAll("[^A-Za-z0-9_.-]", "_") + ".json";
    }
}
