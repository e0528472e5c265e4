package dev.floe.controlplane.agentapi;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

/** A registered data-plane agent; it is CONNECTED while it keeps calling. */
@Entity
@Table(name = "agent")
public class Agent {

    public enum Connection { CONNECTED, DISCONNECTED }

    @Id
    private UUID id;
    @Column(name = "environment_id")
    private UUID environmentId;
    @Column(name = "client_id")
    private String clientId;
    @Column(name = "agent_version")
    private String agentVersion;
    private String hostname;
    @Column(name = "registered_at")
    private Instant registeredAt;
    @Column(name = "last_seen_at")
    private Instant lastSeenAt;

    protected Agent() {
    }

    Agent(UUID id, UUID environmentId, String clientId, String agentVersion, String hostname, Instant now) {
        this.id = id;
        this.environmentId = environmentId;
        this.clientId = clientId;
        this.agentVersion = agentVersion;
        this.hostname = hostname;
        this.registeredAt = now;
        this.lastSeenAt = now;
    }

    public UUID id() {
        return id;
    }

    public UUID environmentId() {
        return environmentId;
    }

    public String clientId() {
        return clientId;
    }

    public String agentVersion() {
        return agentVersion;
    }

    public String hostname() {
        return hostname;
    }

    public Instant registeredAt() {
        return registeredAt;
    }

    public Instant lastSeenAt() {
        return lastSeenAt;
    }

    public Connection connection(Instant now, Duration heartbeatTimeout) {
        return lastSeenAt.plus(heartbeatTimeout).isAfter(now) ? Connection.CONNECTED : Connection.DISCONNECTED;
    }
}
