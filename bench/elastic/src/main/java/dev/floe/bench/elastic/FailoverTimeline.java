package dev.floe.bench.elastic;

import java.sql.SQLException;
import java.time.Instant;
import java.util.Optional;

/**
 * The catalog's record of one crash failover (docs/failover.md), captured while it happens: the victim's lease
 * expiry, {@code fenced_at} and fence reason (overwritten once its replacement registers, hence polled), its
 * {@code wal_moves} row, and when no partition was owned by it any more (polled: the catalog keeps no time for that).
 */
final class FailoverTimeline {

    private final int node;
    private final long incarnation;
    private Instant leaseExpiredAt;
    private Instant fencedAt;
    private String fenceReason;
    private Catalog.WalMove move;
    private long reassignedNanos = -1;

    FailoverTimeline(int node, long incarnation) {
        this.node = node;
        this.incarnation = incarnation;
    }

    void poll(Catalog catalog) throws SQLException {
        if (fencedAt == null) {
            Optional<Catalog.Broker> row = catalog.broker(node);
            if (row.isPresent() && row.get().incarnation() == incarnation && row.get().fencedAt() != null) {
                fencedAt = row.get().fencedAt();
                leaseExpiredAt = row.get().leaseExpiresAt();
                fenceReason = row.get().fenceReason();
            }
        }
        if (move == null || move.recoveredAt() == null) {
            move = catalog.walMove(node, incarnation).orElse(move);
        }
        if (reassignedNanos < 0 && move != null && move.recoveredAt() != null
                && catalog.partitionsOwnedBy(node) == 0) {
            reassignedNanos = System.nanoTime();
        }
    }

    boolean complete() {
        return fencedAt != null && move != null && move.recoveredAt() != null && reassignedNanos >= 0;
    }

    /** Milliseconds from the kill to a catalog instant, or null when it was not seen. */
    Double since(double killEpochMillis, Instant instant) {
        return instant == null ? null : Clock.epochMillis(instant) - killEpochMillis;
    }

    Instant leaseExpiredAt() {
        return leaseExpiredAt;
    }

    Instant fencedAt() {
        return fencedAt;
    }

    /** Who fenced it and why, where the catalog says (schema V4); null otherwise. */
    String fenceReason() {
        return fenceReason;
    }

    Optional<Catalog.WalMove> move() {
        return Optional.ofNullable(move);
    }

    long reassignedNanos() {
        return reassignedNanos;
    }
}
