package dev.floe.controlplane.agentapi;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import org.springframework.stereotype.Component;

/** {@code floe_agents_connected}: agents heard from within the heartbeat timeout. */
@Component
class AgentMetrics implements MeterBinder {

    private final AgentService agents;

    AgentMetrics(AgentService agents) {
        this.agents = agents;
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        Gauge.builder("floe.agents.connected", agents::connectedAgents)
                .description("agents heard from within the heartbeat timeout").register(registry);
    }
}
