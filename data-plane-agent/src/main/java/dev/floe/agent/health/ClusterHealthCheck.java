package dev.floe.agent.health;

import dev.floe.agent.provider.BrokerInstance;
import dev.floe.agent.provider.CatalogConnection;
import java.util.List;

/** Checks every broker of a cluster; never throws for a broker that is down, that is what the answer is for. */
public interface ClusterHealthCheck {

    List<BrokerHealth> check(List<BrokerInstance> brokers, CatalogConnection catalog);
}
