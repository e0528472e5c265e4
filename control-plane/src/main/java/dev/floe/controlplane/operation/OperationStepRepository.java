package dev.floe.controlplane.operation;

import java.util.List;
import java.util.UUID;
import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Query;

public interface OperationStepRepository extends JpaRepository<OperationStep, UUID> {

    /** In the order things happened: started steps by start time, then the ones still waiting, in plan order. */
    @Query("""
            SELECT s FROM OperationStep s WHERE s.operationId = :operationId
            ORDER BY CASE WHEN s.startedAt IS NULL THEN 1 ELSE 0 END, s.startedAt, s.position""")
    List<OperationStep> findInOrder(UUID operationId);
}
