package dev.floe.agent.report;

import dev.floe.agent.controlplane.ControlPlaneClient;
import dev.floe.agent.provider.CatalogConnection;

/**
 * One kind of operation the data plane starts by itself (docs/agent-channel.md), reported to the control plane from
 * what one cluster's catalog records. Every report must be idempotent: after a failure or an agent restart the next
 * round simply reports again.
 */
public interface ClusterReporter {

    /** Reports what is new for this cluster since the last round. */
    void report(ControlPlaneClient controlPlane, String clusterId, CatalogConnection catalog) throws Exception;

    /** The cluster is gone from this agent: drop what was remembered about it. */
    void forget(String clusterId);
}
