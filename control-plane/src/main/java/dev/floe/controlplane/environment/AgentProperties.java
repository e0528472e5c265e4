package dev.floe.controlplane.environment;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How the control plane treats agents.
 *
 * @param bootstrapTokenTtl how long a bootstrap token may be used to register an agent
 * @param heartbeatTimeout  an agent unheard of for longer is DISCONNECTED
 * @param maxWait           longest long poll of the desired state
 */
@ConfigurationProperties("floe.agents")
public record AgentProperties(
        @DefaultValue("24h") Duration bootstrapTokenTtl,
        @DefaultValue("90s") Duration heartbeatTimeout,
        @DefaultValue("60s") Duration maxWait) {
}
