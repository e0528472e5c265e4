package dev.floe.controlplane.audit;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;

/** One mutating call: who did what to which resource, and in which request. */
@Entity
@Table(name = "audit_event")
public class AuditEvent {

    @Id
    private UUID id;
    private Instant time;
    private String actor;
    private String action;
    @Column(name = "target_type")
    private String targetType;
    @Column(name = "target_id")
    private String targetId;
    private String summary;
    @Column(name = "request_id")
    private String requestId;

    protected AuditEvent() {
    }

    AuditEvent(Instant time, String actor, String action, String targetType, String targetId, String summary,
            String requestId) {
        this.id = UUID.randomUUID();
        this.time = time;
        this.actor = actor;
        this.action = action;
        this.targetType = targetType;
        this.targetId = targetId;
        this.summary = summary;
        this.requestId = requestId;
    }

    public UUID id() {
        return id;
    }

    public Instant time() {
        return time;
    }

    public String actor() {
        return actor;
    }

    public String action() {
        return action;
    }

    public String targetType() {
        return targetType;
    }

    public String targetId() {
        return targetId;
    }

    public String summary() {
        return summary;
    }

    public String requestId() {
        return requestId;
    }
}
