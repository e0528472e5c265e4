package dev.floe.controlplane.operation;

import dev.floe.controlplane.api.PageResponse;
import dev.floe.controlplane.api.Paging;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.util.UUID;
import org.springframework.data.domain.Sort;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** Long-running operations: follow one by id, or list them filtered by target, type and state. */
@RestController
@RequestMapping("/api/v1/operations")
@Tag(name = "Operations")
class OperationController {

    private final Operations operations;

    OperationController(Operations operations) {
        this.operations = operations;
    }

    @GetMapping("/{id}")
    @Operation(operationId = "getOperation", summary = "Get an operation with its steps")
    OperationView get(@PathVariable UUID id) {
        return OperationView.of(operations.get(id));
    }

    @GetMapping
    @Operation(operationId = "listOperations", summary = "List operations, newest first (without steps)")
    PageResponse<OperationView> list(
            @RequestParam(required = false) UUID targetId,
            @RequestParam(required = false) UUID environmentId,
            @RequestParam(required = false) OperationType type,
            @RequestParam(required = false) OperationState state,
            @RequestParam(defaultValue = "0") int page,
            @RequestParam(defaultValue = "50") int size) {
        return PageResponse.of(operations.list(targetId, environmentId, type, state,
                        Paging.of(page, size, Sort.by(Sort.Direction.DESC, "createdAt"))),
                operation -> OperationView.of(operation, null));
    }

    @PostMapping("/{id}/cancel")
    @Operation(operationId = "cancelOperation", summary = "Cancel an unfinished operation")
    OperationView cancel(@PathVariable UUID id) {
        return OperationView.of(operations.cancel(id));
    }
}
