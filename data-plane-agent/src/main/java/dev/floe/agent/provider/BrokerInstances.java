package dev.floe.agent.provider;

import java.time.Duration;
import java.util.List;

/** Broker machines (local: processes). */
public interface BrokerInstances {

    /** Every broker of the cluster that is not terminated, including ones an earlier agent run started. */
    List<BrokerInstance> describe(String clusterId);

    BrokerInstance launch(BrokerLaunch launch);

    /** Stops the broker gracefully first; a broker that is already gone is not an error. */
    void terminate(BrokerInstance instance);

    /**
     * Launches of the cluster's brokers whose process the provider has seen end for certain; the agent fences each at
     * once instead of waiting for its lease to lapse (docs/failover.md). Only a positive observation of that very
     * launch's death belongs here: a process the provider cannot see, or cannot tell apart from another, is left to
     * the lease. A provider that cannot observe deaths returns nothing.
     */
    default List<ExitedLaunch> exited(String clusterId) {
        return List.of();
    }

    /**
     * How long the agent waits between two looks at {@link #exited} of one cluster: zero where a look is cheap (local
     * processes), longer where each look is a cloud API call that counts against a shared rate limit.
     */
    default Duration exitedLookInterval() {
        return Duration.ZERO;
    }
}
