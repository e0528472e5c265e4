package dev.floe.controlplane.environment;

import jakarta.persistence.LockModeType;
import java.util.Optional;
import java.util.UUID;
import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Lock;

interface BootstrapTokenRepository extends JpaRepository<BootstrapToken, UUID> {

    /** Locked, so two agents presenting the same token cannot both register. */
    @Lock(LockModeType.PESSIMISTIC_WRITE)
    Optional<BootstrapToken> findByTokenHash(String tokenHash);
}
