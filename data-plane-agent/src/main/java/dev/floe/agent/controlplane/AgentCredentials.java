package dev.floe.agent.controlplane;

/** What registration hands out once; kept in the state directory with mode 0600. */
public record AgentCredentials(String agentId, String environmentId, String clientId, String clientSecret,
        String tokenUrl) {
}
