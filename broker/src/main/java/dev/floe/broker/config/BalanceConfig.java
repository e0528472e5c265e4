package dev.floe.broker.config;

/**
 * How the controller balances partitions (docs/balancing.md).
 *
 * @param enabled             false: only partitions without an owner are placed; nothing is moved for balance
 * @param bytesThreshold      traffic balancing starts when the busiest broker is this fraction above the mean
 * @param minBytesPerSec      ... and carries at least this many bytes/s more than the quietest broker
 * @param bytesCooldownMs     at most one traffic rebalance per this period, cluster-wide
 * @param partitionCooldownMs a partition moved within this period is not moved again for traffic
 * @param maxMovesPerRound    moves one controller round may plan
 * @param moveTimeoutMs       a move its owner has not completed by then is cancelled (and planned afresh if needed)
 */
public record BalanceConfig(boolean enabled, double bytesThreshold, double minBytesPerSec, long bytesCooldownMs,
                            long partitionCooldownMs, int maxMovesPerRound, long moveTimeoutMs) {
}
