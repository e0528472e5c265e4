package dev.floe.agent.controlplane;

import java.time.Instant;

/**
 * An operation the data plane started by itself (a broker replaced, partitions rebalanced); the key makes the report
 * idempotent.
 */
public record OperationReport(String type, String key, String summary, Instant startedAt) {
}
