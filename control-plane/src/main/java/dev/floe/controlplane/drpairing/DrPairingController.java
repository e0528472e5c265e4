package dev.floe.controlplane.drpairing;

import dev.floe.controlplane.api.PageResponse;
import dev.floe.controlplane.api.Paging;
import dev.floe.controlplane.api.ResourceNames;
import dev.floe.controlplane.api.Tagged;
import dev.floe.controlplane.operation.OperationView;
import dev.floe.controlplane.operation.Operations;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.time.Instant;
import java.util.UUID;
import org.springframework.data.domain.Sort;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/** DR pairings and their failover and failback actions (202 with the operation). */
@RestController
@RequestMapping("/api/v1/dr-pairings")
@Tag(name = "DR pairings")
class DrPairingController {

    record CreatePairing(
            @NotBlank @Pattern(regexp = ResourceNames.PATTERN, message = ResourceNames.MESSAGE) String name,
            @NotNull UUID primaryClusterId,
            @NotNull UUID standbyClusterId,
            @Size(max = 1000) String topicFilter,
            @Size(max = 1000) String groupFilter) {
    }

    record Filters(@NotBlank @Size(max = 1000) String topicFilter, @NotBlank @Size(max = 1000) String groupFilter) {
    }

    record Failover(@NotBlank @Pattern(regexp = "planned|unplanned", message = "must be planned or unplanned")
                    String mode) {
    }

    record PairingResponse(UUID id, String name, UUID primaryClusterId, UUID standbyClusterId, String topicFilter,
                           String groupFilter, DrState state, UUID activeClusterId, UUID operationId, long version,
                           Instant createdAt, Instant updatedAt) {
        static PairingResponse of(DrPairing pairing) {
            return new PairingResponse(pairing.id(), pairing.name(), pairing.primaryClusterId(),
                    pairing.standbyClusterId(), pairing.topicFilter(), pairing.groupFilter(), pairing.state(),
                    pairing.activeClusterId(), pairing.operationId(), pairing.version(), pairing.createdAt(),
                    pairing.updatedAt());
        }
    }

    record PairingChange(OperationView operation, PairingResponse pairing) {
    }

    private final DrPairings pairings;
    private final Operations operations;

    DrPairingController(DrPairings pairings, Operations operations) {
        this.pairings = pairings;
        this.operations = operations;
    }

    @PostMapping
    @ResponseStatus(HttpStatus.ACCEPTED)
    @Operation(operationId = "createDrPairing",
            summary = "Pair a primary cluster with a standby (202 with the operation that sets up replication)")
    ResponseEntity<PairingChange> create(@Valid @RequestBody CreatePairing request) {
        return accepted(pairings.create(request.name(), request.primaryClusterId(), request.standbyClusterId(),
                request.topicFilter() == null ? "*" : request.topicFilter(),
                request.groupFilter() == null ? "*" : request.groupFilter()));
    }

    @GetMapping
    @Operation(operationId = "listDrPairings", summary = "List DR pairings")
    PageResponse<PairingResponse> list(@RequestParam(defaultValue = "0") int page,
            @RequestParam(defaultValue = "50") int size) {
        return PageResponse.of(pairings.list(Paging.of(page, size, Sort.by("name"))), PairingResponse::of);
    }

    @GetMapping("/{id}")
    @Operation(operationId = "getDrPairing", summary = "Get a DR pairing")
    ResponseEntity<PairingResponse> get(@PathVariable UUID id) {
        DrPairing pairing = pairings.get(id);
        return Tagged.ok(pairing.version(), PairingResponse.of(pairing));
    }

    @PutMapping("/{id}")
    @Operation(operationId = "updateDrPairing",
            summary = "Change the topic and group filters; If-Match guards against lost updates")
    ResponseEntity<PairingResponse> update(@PathVariable UUID id, @Valid @RequestBody Filters filters,
            @RequestHeader(name = "If-Match", required = false) String ifMatch) {
        DrPairing pairing = pairings.updateFilters(id, filters.topicFilter(), filters.groupFilter(), ifMatch);
        return Tagged.ok(pairing.version(), PairingResponse.of(pairing));
    }

    @PostMapping("/{id}/failover")
    @ResponseStatus(HttpStatus.ACCEPTED)
    @Operation(operationId = "failoverDrPairing",
            summary = "Fail over to the standby: planned (no data loss) or unplanned (primary lost)")
    ResponseEntity<PairingChange> failover(@PathVariable UUID id, @Valid @RequestBody Failover request,
            @RequestHeader(name = "If-Match", required = false) String ifMatch) {
        return accepted(pairings.failover(id, "planned".equals(request.mode()), ifMatch));
    }

    @PostMapping("/{id}/failback")
    @ResponseStatus(HttpStatus.ACCEPTED)
    @Operation(operationId = "failbackDrPairing", summary = "Fail back to the original primary after a failover")
    ResponseEntity<PairingChange> failback(@PathVariable UUID id,
            @RequestHeader(name = "If-Match", required = false) String ifMatch) {
        return accepted(pairings.failback(id, ifMatch));
    }

    @DeleteMapping("/{id}")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    @Operation(operationId = "deleteDrPairing", summary = "Delete a DR pairing that is not failing over or back")
    void delete(@PathVariable UUID id, @RequestHeader(name = "If-Match", required = false) String ifMatch) {
        pairings.delete(id, ifMatch);
    }

    private ResponseEntity<PairingChange> accepted(DrPairings.Changed changed) {
        OperationView operation = OperationView.of(operations.get(changed.operation().id()));
        DrPairing pairing = pairings.get(changed.pairing().id());
        return Tagged.accepted(operation.location(), pairing.version(),
                new PairingChange(operation, PairingResponse.of(pairing)));
    }
}
