package dev.floe.controlplane.agentapi;

import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Query;

interface AgentRepository extends JpaRepository<Agent, UUID> {

    List<Agent> findByEnvironmentIdOrderByRegisteredAt(UUID environmentId);

    @Query("SELECT count(a) FROM Agent a WHERE a.lastSeenAt > :since")
    long countSeenSince(Instant since);
}
