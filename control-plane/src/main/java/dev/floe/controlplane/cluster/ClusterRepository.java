package dev.floe.controlplane.cluster;

import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.data.domain.Page;
import org.springframework.data.domain.Pageable;
import org.springframework.data.jpa.repository.JpaRepository;

public interface ClusterRepository extends JpaRepository<Cluster, UUID> {

    Optional<Cluster> findByEnvironmentIdAndName(UUID environmentId, String name);

    List<Cluster> findByEnvironmentIdOrderByName(UUID environmentId);

    Page<Cluster> findByEnvironmentId(UUID environmentId, Pageable page);
}
