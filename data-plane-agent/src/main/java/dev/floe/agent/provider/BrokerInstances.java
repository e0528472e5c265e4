package dev.floe.agent.provider;

import java.util.List;

/** Broker machines (local: processes). */
public interface BrokerInstances {

    /** Every broker of the cluster that is not terminated, including ones an earlier agent run started. */
    List<BrokerInstance> describe(String clusterId);

    BrokerInstance launch(BrokerLaunch launch);

    /** Stops the broker gracefully first; a broker that is already gone is not an error. */
    void terminate(BrokerInstance instance);
}
