package dev.floe.controlplane.security;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.Size;
import java.net.URI;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/** API clients (client credentials) for people's scripts, CI and Terraform. Admin only. */
@RestController
@RequestMapping("/api/v1/api-clients")
@Tag(name = "API clients")
class ApiClientController {

    record CreateApiClient(@NotBlank @Size(max = 200) String name, @NotEmpty Set<Role> roles) {
    }

    /** {@code clientSecret} is only present in the response to the create call. */
    record ApiClientResponse(String clientId, String name, List<String> roles, UUID environmentId, Instant createdAt,
                             String clientSecret) {
        static ApiClientResponse of(ApiClient client, String secret) {
            return new ApiClientResponse(client.clientId(), client.name(),
                    client.roles().stream().map(Role::claimValue).sorted().toList(), client.environmentId(),
                    client.createdAt(), secret);
        }
    }

    private final ApiClients clients;

    ApiClientController(ApiClients clients) {
        this.clients = clients;
    }

    @PostMapping
    @ResponseStatus(HttpStatus.CREATED)
    @Operation(operationId = "createApiClient",
            summary = "Create an API client; the secret is shown in this response only")
    ResponseEntity<ApiClientResponse> create(@Valid @RequestBody CreateApiClient request) {
        ApiClients.Issued issued = clients.create(request.name(), request.roles());
        return ResponseEntity.created(URI.create("/api/v1/api-clients/" + issued.client().clientId()))
                .body(ApiClientResponse.of(issued.client(), issued.secret()));
    }

    @GetMapping
    @Operation(operationId = "listApiClients", summary = "List API clients (never with secrets)")
    List<ApiClientResponse> list() {
        return clients.list().stream().map(client -> ApiClientResponse.of(client, null)).toList();
    }

    @DeleteMapping("/{clientId}")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    @Operation(operationId = "deleteApiClient",
            summary = "Delete an API client; its tokens stop working when they expire")
    void delete(@PathVariable String clientId) {
        clients.delete(clientId);
    }
}
