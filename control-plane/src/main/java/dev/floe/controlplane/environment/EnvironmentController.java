package dev.floe.controlplane.environment;

import dev.floe.controlplane.api.PageResponse;
import dev.floe.controlplane.api.Paging;
import dev.floe.controlplane.api.ResourceNames;
import dev.floe.controlplane.api.Tagged;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import java.time.Instant;
import java.util.Map;
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

/** BYOC environments. Creating one returns the agent's bootstrap token, once. */
@RestController
@RequestMapping("/api/v1/environments")
@Tag(name = "Environments")
class EnvironmentController {

    record CreateEnvironment(
            @NotBlank @Pattern(regexp = ResourceNames.PATTERN, message = ResourceNames.MESSAGE) String name,
            @NotBlank @Pattern(regexp = "aws|local", message = "must be aws or local") String provider,
            @NotNull @Valid EnvironmentSettings settings) {
    }

    record EnvironmentResponse(UUID id, String name, String provider, String region, String cloudAccountId,
                               String vpcId, Map<String, String> subnets, EnvironmentSettings.Catalog catalog,
                               long revision, long version, Instant createdAt, Instant updatedAt) {
        static EnvironmentResponse of(Environment environment) {
            return new EnvironmentResponse(environment.id(), environment.name(), environment.provider(),
                    environment.region(), environment.cloudAccountId(), environment.vpcId(), environment.subnets(),
                    environment.catalog(), environment.revision(), environment.version(), environment.createdAt(),
                    environment.updatedAt());
        }
    }

    /** The bootstrap token appears in this response only; it is stored hashed. */
    record CreatedEnvironment(EnvironmentResponse environment, String bootstrapToken, Instant bootstrapTokenExpiresAt) {
    }

    record BootstrapTokenResponse(UUID environmentId, String bootstrapToken, Instant expiresAt) {
    }

    private final Environments environments;

    EnvironmentController(Environments environments) {
        this.environments = environments;
    }

    @PostMapping
    @ResponseStatus(HttpStatus.CREATED)
    @Operation(operationId = "createEnvironment",
            summary = "Create an environment; the response carries the agent's one-time bootstrap token")
    ResponseEntity<CreatedEnvironment> create(@Valid @RequestBody CreateEnvironment request) {
        Environments.WithToken created = environments.create(request.name(), request.provider(), request.settings());
        Environment environment = created.environment();
        return Tagged.created("/api/v1/environments/" + environment.id(), environment.version(),
                new CreatedEnvironment(EnvironmentResponse.of(environment), created.bootstrapToken(),
                        created.expiresAt()));
    }

    @GetMapping
    @Operation(operationId = "listEnvironments", summary = "List environments")
    PageResponse<EnvironmentResponse> list(@RequestParam(defaultValue = "0") int page,
            @RequestParam(defaultValue = "50") int size) {
        return PageResponse.of(environments.list(Paging.of(page, size, Sort.by("name"))), EnvironmentResponse::of);
    }

    @GetMapping("/{id}")
    @Operation(operationId = "getEnvironment", summary = "Get an environment")
    ResponseEntity<EnvironmentResponse> get(@PathVariable UUID id) {
        Environment environment = environments.get(id);
        return Tagged.ok(environment.version(), EnvironmentResponse.of(environment));
    }

    @PutMapping("/{id}")
    @Operation(operationId = "updateEnvironment",
            summary = "Replace an environment's settings; If-Match guards against lost updates")
    ResponseEntity<EnvironmentResponse> update(@PathVariable UUID id, @Valid @RequestBody EnvironmentSettings settings,
            @RequestHeader(name = "If-Match", required = false) String ifMatch) {
        Environment environment = environments.update(id, settings, ifMatch);
        return Tagged.ok(environment.version(), EnvironmentResponse.of(environment));
    }

    @DeleteMapping("/{id}")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    @Operation(operationId = "deleteEnvironment", summary = "Delete an environment without clusters")
    void delete(@PathVariable UUID id, @RequestHeader(name = "If-Match", required = false) String ifMatch) {
        environments.delete(id, ifMatch);
    }

    @PostMapping("/{id}/bootstrap-tokens")
    @ResponseStatus(HttpStatus.CREATED)
    @Operation(operationId = "createBootstrapToken",
            summary = "Issue a new one-time bootstrap token for (re)installing the environment's agent")
    BootstrapTokenResponse newBootstrapToken(@PathVariable UUID id) {
        Environments.WithToken issued = environments.newBootstrapToken(id);
        return new BootstrapTokenResponse(id, issued.bootstrapToken(), issued.expiresAt());
    }
}
