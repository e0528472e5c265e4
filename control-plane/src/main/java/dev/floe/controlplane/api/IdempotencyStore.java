package dev.floe.controlplane.api;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/** The first response to each (actor, Idempotency-Key), kept in PostgreSQL so every instance can replay it. */
@Component
class IdempotencyStore {

    record Recorded(String requestHash, Integer status, String contentType, String location, String etag,
                    byte[] body) {
        boolean complete() {
            return status != null;
        }
    }

    /** A request still unanswered after this long is taken to have died with its instance. */
    private static final Duration ABANDONED_AFTER = Duration.ofMinutes(2);

    private final JdbcTemplate jdbc;
    private final ApiProperties properties;
    private final Clock clock;

    IdempotencyStore(JdbcTemplate jdbc, ApiProperties properties, Clock clock) {
        this.jdbc = jdbc;
        this.properties = properties;
        this.clock = clock;
    }

    Optional<Recorded> find(String actor, String key) {
        List<Recorded> rows = jdbc.query("""
                SELECT request_hash, status, content_type, location, etag, body FROM idempotency_record
                WHERE actor = ? AND idempotency_key = ? AND created_at > ?""",
                (rs, n) -> new Recorded(rs.getString(1), (Integer) rs.getObject(2), rs.getString(3), rs.getString(4),
                        rs.getString(5), rs.getBytes(6)),
                actor, key, Timestamp.from(cutoff()));
        return rows.stream().findFirst();
    }

    /** Reserves the key for a request in flight; false when another request holds it. */
    boolean reserve(String actor, String key, String requestHash) {
        // an expired record of the same key is replaced, and so is one whose request never finished (its instance
        // died mid-request); a live one is left alone
        jdbc.update("""
                DELETE FROM idempotency_record WHERE actor = ? AND idempotency_key = ?
                  AND (created_at <= ? OR (status IS NULL AND created_at <= ?))""",
                actor, key, Timestamp.from(cutoff()), Timestamp.from(clock.instant().minus(ABANDONED_AFTER)));
        return jdbc.update("""
                INSERT INTO idempotency_record (actor, idempotency_key, request_hash, created_at)
                VALUES (?, ?, ?, ?) ON CONFLICT DO NOTHING""",
                actor, key, requestHash, Timestamp.from(clock.instant())) == 1;
    }

    void complete(String actor, String key, int status, String contentType, String location, String etag,
            byte[] body) {
        jdbc.update("""
                UPDATE idempotency_record SET status = ?, content_type = ?, location = ?, etag = ?, body = ?
                WHERE actor = ? AND idempotency_key = ?""",
                status, contentType, location, etag, body, actor, key);
    }

    void release(String actor, String key) {
        jdbc.update("DELETE FROM idempotency_record WHERE actor = ? AND idempotency_key = ? AND status IS NULL",
                actor, key);
    }

    @Scheduled(fixedDelayString = "PT10M", initialDelayString = "PT1M")
    void purgeExpired() {
        jdbc.update("DELETE FROM idempotency_record WHERE created_at <= ?", Timestamp.from(cutoff()));
    }

    private Instant cutoff() {
        return clock.instant().minus(properties.idempotencyRetention());
    }
}
