package dev.floe.controlplane.tier;

import dev.floe.controlplane.api.ResourceNames;
import dev.floe.controlplane.api.Tagged;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
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
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/** Recovery tiers: everyone may read them, admins change them. */
@RestController
@RequestMapping("/api/v1/recovery-tiers")
@Tag(name = "Recovery tiers")
class RecoveryTierController {

    record CreateTier(
            @NotBlank @Pattern(regexp = ResourceNames.PATTERN, message = ResourceNames.MESSAGE) String name,
            @NotNull @Valid TierSettings settings) {
    }

    record TierResponse(UUID id, String name, String description, int rpoSeconds, int rtoSeconds, int minBrokers,
                        int zonesRequired, boolean drRequired, Integer drillIntervalDays, String walType,
                        long version, Instant createdAt, Instant updatedAt) {
        static TierResponse of(RecoveryTier tier) {
            return new TierResponse(tier.id(), tier.name(), tier.description(), tier.rpoSeconds(), tier.rtoSeconds(),
                    tier.minBrokers(), tier.zonesRequired(), tier.drRequired(), tier.drillIntervalDays(),
                    tier.walType(), tier.version(), tier.createdAt(), tier.updatedAt());
        }
    }

    private final RecoveryTiers tiers;

    RecoveryTierController(RecoveryTiers tiers) {
        this.tiers = tiers;
    }

    @GetMapping
    @Operation(operationId = "listRecoveryTiers", summary = "List recovery tiers")
    List<TierResponse> list() {
        return tiers.list().stream().map(TierResponse::of).toList();
    }

    @GetMapping("/{name}")
    @Operation(operationId = "getRecoveryTier", summary = "Get a recovery tier")
    ResponseEntity<TierResponse> get(@PathVariable String name) {
        RecoveryTier tier = tiers.get(name);
        return Tagged.ok(tier.version(), TierResponse.of(tier));
    }

    @PostMapping
    @ResponseStatus(HttpStatus.CREATED)
    @Operation(operationId = "createRecoveryTier", summary = "Create a recovery tier (admin)")
    ResponseEntity<TierResponse> create(@Valid @RequestBody CreateTier request) {
        RecoveryTier tier = tiers.create(request.name(), request.settings());
        return Tagged.created("/api/v1/recovery-tiers/" + tier.name(), tier.version(), TierResponse.of(tier));
    }

    @PutMapping("/{name}")
    @Operation(operationId = "updateRecoveryTier",
            summary = "Replace a tier's settings (admin); If-Match guards against lost updates")
    ResponseEntity<TierResponse> update(@PathVariable String name, @Valid @RequestBody TierSettings settings,
            @RequestHeader(name = "If-Match", required = false) String ifMatch) {
        RecoveryTier tier = tiers.update(name, settings, ifMatch);
        return Tagged.ok(tier.version(), TierResponse.of(tier));
    }

    @DeleteMapping("/{name}")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    @Operation(operationId = "deleteRecoveryTier", summary = "Delete an unused tier (admin)")
    void delete(@PathVariable String name, @RequestHeader(name = "If-Match", required = false) String ifMatch) {
        tiers.delete(name, ifMatch);
    }
}
