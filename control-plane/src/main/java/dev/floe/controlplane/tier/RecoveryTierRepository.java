package dev.floe.controlplane.tier;

import java.util.Optional;
import java.util.UUID;
import org.springframework.data.jpa.repository.JpaRepository;

public interface RecoveryTierRepository extends JpaRepository<RecoveryTier, UUID> {

    Optional<RecoveryTier> findByName(String name);
}
