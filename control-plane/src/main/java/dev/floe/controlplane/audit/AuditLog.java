package dev.floe.controlplane.audit;

import dev.floe.controlplane.api.RequestIdFilter;
import dev.floe.controlplane.api.Callers;
import java.time.Clock;
import org.slf4j.MDC;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * Records mutating calls. It joins the caller's transaction, so a change and its audit event are committed together
 * or not at all.
 */
@Service
public class AuditLog {

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
}
