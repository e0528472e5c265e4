package dev.floe.controlplane.drpairing;

import java.util.Optional;
import java.util.UUID;
import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Query;

interface DrPairingRepository extends JpaRepository<DrPairing, UUID> {

    Optional<DrPairing> findByName(String name);

    @Query("""
            SELECT count(p) FROM DrPairing p WHERE p.primaryClusterId IN (:a, :b) OR p.standbyClusterId IN (:a, :b)""")
    long countInvolving(UUID a, UUID b);
}
