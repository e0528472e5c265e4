package dev.floe.controlplane.cluster;

import dev.floe.controlplane.api.PageResponse;
import dev.floe.controlplane.api.Paging;
import dev.floe.controlplane.api.ResourceNames;
import dev.floe.controlplane.api.Tagged;
import dev.floe.controlplane.operation.OperationView;
import dev.floe.controlplane.operation.Operations;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
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

/**
 * Clusters. Create, update, scale and delete answer {@code 202 Accepted} with the operation that carries the change
 * out ({@code Location} points at it); the cluster's status follows from its agent's reports.
 */
@RestController
@RequestMapping("/api/v1/clusters")
@Tag(name = "Clusters")
class ClusterController {

    record CreateCluster(
            @NotNull UUID environmentId,
            @NotBlank @Pattern(regexp = ResourceNames.PATTERN, message = ResourceNames.MESSAGE) String name,
            @NotBlank String tier,
            @NotNull @Valid ClusterSpec spec) {
    }

    /** A new spec; {@code tier} may be left out to keep the current one. */
    record UpdateCluster(String tier, @NotNull @Valid ClusterSpec spec) {
    }

    record ScaleCluster(@NotNull @Min(1) @Max(100) Integer brokerCount) {
    }

    record ClusterResponse(UUID id, String name, UUID environmentId, String tier, long generation, ClusterSpec spec,
                           boolean deleting, UUID operationId, ClusterStatus status, long version, Instant createdAt,
                           Instant updatedAt) {
    }

    /** The answer to a change: the operation, and the cluster as it now is. */
    record ClusterChange(OperationView operation, ClusterResponse cluster) {
    }

    private final Clusters clusters;
    private final Operations operations;

    ClusterController(Clusters clusters, Operations operations) {
        this.clusters = clusters;
        this.operations = operations;
    }

    @PostMapping
    @ResponseStatus(HttpStatus.ACCEPTED)
    @Operation(operationId = "createCluster", summary = "Create a cluster (202 with the operation)")
    ResponseEntity<ClusterChange> create(@Valid @RequestBody CreateCluster request) {
        return accepted(clusters.create(request.environmentId(), request.name(), request.tier(), request.spec()));
    }

    @GetMapping
    @Operation(operationId = "listClusters", summary = "List clusters, optionally of one environment")
    PageResponse<ClusterResponse> list(@RequestParam(required = false) UUID environmentId,
            @RequestParam(defaultValue = "0") int page, @RequestParam(defaultValue = "50") int size) {
        return PageResponse.of(clusters.list(environmentId, Paging.of(page, size, Sort.by("name"))), this::view);
    }

    @GetMapping("/{id}")
    @Operation(operationId = "getCluster", summary = "Get a cluster with its spec and observed status")
    ResponseEntity<ClusterResponse> get(@PathVariable UUID id) {
        Cluster cluster = clusters.get(id);
        return Tagged.ok(cluster.version(), view(cluster));
    }

    @PutMapping("/{id}")
    @ResponseStatus(HttpStatus.ACCEPTED)
    @Operation(operationId = "updateCluster",
            summary = "Replace a cluster's spec (202 with the operation); If-Match guards against lost updates")
    ResponseEntity<ClusterChange> update(@PathVariable UUID id, @Valid @RequestBody UpdateCluster request,
            @RequestHeader(name = "If-Match", required = false) String ifMatch) {
        return accepted(clusters.update(id, request.tier(), request.spec(), ifMatch));
    }

    @PostMapping("/{id}/scale")
    @ResponseStatus(HttpStatus.ACCEPTED)
    @Operation(operationId = "scaleCluster", summary = "Change the number of brokers (202 with the operation)")
    ResponseEntity<ClusterChange> scale(@PathVariable UUID id, @Valid @RequestBody ScaleCluster request,
            @RequestHeader(name = "If-Match", required = false) String ifMatch) {
        return accepted(clusters.scale(id, request.brokerCount(), ifMatch));
    }

    @DeleteMapping("/{id}")
    @ResponseStatus(HttpStatus.ACCEPTED)
    @Operation(operationId = "deleteCluster", summary = "Delete a cluster (202 with the operation)")
    ResponseEntity<ClusterChange> delete(@PathVariable UUID id,
            @RequestHeader(name = "If-Match", required = false) String ifMatch) {
        return accepted(clusters.delete(id, ifMatch));
    }

    private ResponseEntity<ClusterChange> accepted(Clusters.Changed changed) {
        OperationView operation = OperationView.of(operations.get(changed.operation().id()));
        Cluster cluster = clusters.get(changed.cluster().id());
        return Tagged.accepted(operation.location(), cluster.version(), new ClusterChange(operation, view(cluster)));
    }

    private ClusterResponse view(Cluster cluster) {
        return new ClusterResponse(cluster.id(), cluster.name(), cluster.environmentId(),
                clusters.tierName(cluster.tierId()), cluster.generation(), cluster.spec(), cluster.deleting(),
                cluster.operationId(), cluster.status(), cluster.version(), cluster.createdAt(), cluster.updatedAt());
    }
}
