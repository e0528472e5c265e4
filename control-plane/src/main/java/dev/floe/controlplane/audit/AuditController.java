package dev.floe.controlplane.audit;

import dev.floe.controlplane.api.PageResponse;
import dev.floe.controlplane.api.Paging;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.time.Instant;
import org.springframework.data.domain.Sort;
import org.springframework.format.annotation.DateTimeFormat;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** The audit trail, newest first, filtered by any combination of actor, action, target and time. */
@RestController
@RequestMapping("/api/v1/audit-events")
@Tag(name = "Audit")
class AuditController {

    record AuditEventResponse(String id, Instant time, String actor, String action, String targetType,
                              String targetId, String summary, String requestId) {
        static AuditEventResponse of(AuditEvent event) {
            return new AuditEventResponse(event.id().toString(), event.time(), event.actor(), event.action(),
                    event.targetType(), event.targetId(), event.summary(), event.requestId());
        }
    }

    private final AuditLog audit;

    AuditController(AuditLog audit) {
        this.audit = audit;
    }

    @GetMapping
    @Operation(operationId = "listAuditEvents", summary = "Query audit events")
    PageResponse<AuditEventResponse> list(
            @RequestParam(required = false) String actor,
            @RequestParam(required = false) String action,
            @RequestParam(required = false) String targetType,
            @RequestParam(required = false) String targetId,
            @RequestParam(required = false) String requestId,
            @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE_TIME) Instant from,
            @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE_TIME) Instant to,
            @RequestParam(defaultValue = "0") int page,
            @RequestParam(defaultValue = "50") int size) {
        return PageResponse.of(audit.search(new AuditLog.Query(actor, action, targetType, targetId, requestId, from, to),
                Paging.of(page, size, Sort.by(Sort.Direction.DESC, "time"))), AuditEventResponse::of);
    }
}
