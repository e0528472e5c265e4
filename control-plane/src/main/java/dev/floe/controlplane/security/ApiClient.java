package dev.floe.controlplane.security;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.Arrays;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

/** An OAuth2 client of the built-in authorization server (client credentials); its secret is stored hashed only. */
@Entity
@Table(name = "api_client")
public class ApiClient {

    @Id
    @Column(name = "client_id")
    private String clientId;
    @Column(name = "secret_hash")
    private String secretHash;
    private String name;
    private String roles;
    @Column(name = "environment_id")
    private UUID environmentId;
    @Column(name = "created_at")
    private Instant createdAt;

    protected ApiClient() {
    }

    public ApiClient(String clientId, String secretHash, String name, Set<Role> roles, UUID environmentId,
            Instant createdAt) {
        this.clientId = clientId;
        this.secretHash = secretHash;
        this.name = name;
        this.roles = roles.stream().map(Role::claimValue).sorted().collect(Collectors.joining(","));
        this.environmentId = environmentId;
        this.createdAt = createdAt;
    }

    public String clientId() {
        return clientId;
    }

    public String secretHash() {
        return secretHash;
    }

    public void changeSecretHash(String secretHash) {
        this.secretHash = secretHash;
    }

    public String name() {
        return name;
    }

    public Set<Role> roles() {
        return Arrays.stream(roles.split(",")).map(Role::fromClaim).collect(Collectors.toSet());
    }

    public UUID environmentId() {
        return environmentId;
    }

    public Instant createdAt() {
        return createdAt;
    }
}
