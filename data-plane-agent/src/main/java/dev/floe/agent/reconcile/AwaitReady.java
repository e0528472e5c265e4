package dev.floe.agent.reconcile;

import dev.floe.agent.health.BrokerHealth;
import dev.floe.agent.health.ClusterHealthCheck;
import dev.floe.agent.provider.BrokerInstance;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.function.Consumer;

/**
 * Waits, bounded, for every broker to be healthy. Not being ready yet is not a failure: the pass ends, status
 * says PROVISIONING (or DEGRADED), and the next pass looks again.
 */
final class AwaitReady implements Step {

    private final ClusterHealthCheck health;
    private final Duration timeout;
    private final Clock clock;
    private final Consumer<ReconcileContext> meanwhile;

    AwaitReady(ClusterHealthCheck health, Duration timeout, Clock clock) {
        this(health, timeout, clock, context -> { });
    }

    /**
     * @param meanwhile work to do between checks: the pass holds the cluster's lock while it waits, so the failover
     *                  watcher cannot, and a broker that died meanwhile would otherwise wait for the pass to end
     */
    AwaitReady(ClusterHealthCheck health, Duration timeout, Clock clock, Consumer<ReconcileContext> meanwhile) {
        this.health = health;
        this.timeout = timeout;
        this.clock = clock;
        this.meanwhile = meanwhile;
    }

    @Override
    public String name() {
        return "awaitReady";
    }

    @Override
    public String apply(ReconcileContext context) {
        Instant deadline = clock.instant().plus(timeout);
        while (true) {
            List<BrokerInstance> brokers = context.provider.instances().describe(context.clusterId()).stream()
                    .filter(b -> b.nodeId() <= context.plan.brokerCount()).toList();
            context.brokers = brokers;
            context.health = health.check(brokers, context.catalog);
            long up = context.health.stream().filter(BrokerHealth::up).count();
            context.ready = up == context.plan.brokerCount() && brokers.size() == context.plan.brokerCount();
            if (context.ready || !clock.instant().isBefore(deadline)) {
                return up + "/" + context.plan.brokerCount() + " brokers up";
            }
            meanwhile.accept(context);
            try {
                Thread.sleep(500);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return up + "/" + context.plan.brokerCount() + " brokers up (interrupted)";
            }
        }
    }
}
