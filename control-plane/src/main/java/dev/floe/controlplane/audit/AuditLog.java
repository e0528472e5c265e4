package dev.floe.controlplane.audit;

import dev.floe.controlplane.api.Callers;
import dev.floe.controlplane.api.RequestIdFilter;
import dev.floe.controlplane.database.Filters;
import java.time.Clock;
import java.time.Instant;
import org.slf4j.MDC;
import org.springframework.data.domain.Page;
import org.springframework.data.domain.Pageable;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * The audit trail: records mutating calls and finds them again. Recording joins the caller's transaction, so a change
 * and its audit event are committed together or not at all.
 */
@Service
public class AuditLog {

    /** What to look for; a {@code null} field matches every event, and {@code to} is exclusive. */
    public record Query(String actor, String action, String targetType, String targetId, String requestId,
                        Instant from, Instant to) {
    }

    private final AuditEventRepository events;
    private final Clock clock;

    AuditLog(AuditEventRepository events, Clock clock) {
        this.events = events;
        this.clock = clock;
    }

    @Transactional(propagation = Propagation.MANDATORY)
    public void record(String action, String targetType, Object targetId, String summary) {
        recordAs(Callers.current(), action, targetType, targetId, summary);
    }

    /** For calls whose actor is not a token's subject (an agent registering with its bootstrap token). */
    @Transactional(propagation = Propagation.MANDATORY)
    public void recordAs(String actor, String action, String targetType, Object targetId, String summary) {
        events.save(new AuditEvent(clock.instant(), actor, action, targetType,
                targetId == null ? null : targetId.toString(), summary, MDC.get(RequestIdFilter.MDC_KEY)));
    }

    @Transactional(readOnly = true)
    public Page<AuditEvent> search(Query query, Pageable page) {
        return events.findAll(Filters.of(AuditEvent.class)
                .equal("actor", query.actor()).equal("action", query.action())
                .equal("targetType", query.targetType()).equal("targetId", query.targetId())
                .equal("requestId", query.requestId())
                .atLeast("time", query.from()).before("time", query.to())
                .all(), page);
    }
}
