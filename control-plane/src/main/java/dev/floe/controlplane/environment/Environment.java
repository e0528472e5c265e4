package dev.floe.controlplane.environment;

import dev.floe.controlplane.api.JsonColumns;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Version;
import java.time.Instant;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import tools.jackson.core.type.TypeReference;

/** A customer's BYOC environment: one cloud account, region and VPC where one agent runs clusters. */
@Entity
@Table(name = "environment")
public class Environment {

    @Id
    private UUID id;
    private String name;
    private String provider;
    private String region;
    @Column(name = "cloud_account_id")
    private String cloudAccountId;
    @Column(name = "vpc_id")
    private String vpcId;
    private String subnets;
    @Column(name = "catalog_jdbc_url")
    private String catalogJdbcUrl;
    @Column(name = "catalog_username")
    private String catalogUsername;
    @Column(name = "catalog_password_secret_ref")
    private String catalogPasswordSecretRef;
    /** Written only with SQL ({@link DesiredStateChanges}), never by JPA, so a stale entity cannot lower it. */
    @Column(updatable = false)
    private long revision;
    @Version
    private long version;
    @Column(name = "created_at")
    private Instant createdAt;
    @Column(name = "updated_at")
    private Instant updatedAt;

    protected Environment() {
    }

    Environment(String name, String provider, EnvironmentSettings settings, Instant now) {
        this.id = UUID.randomUUID();
        this.name = name;
        this.provider = provider;
        this.revision = 1;
        this.createdAt = now;
        apply(settings, now);
    }

    void apply(EnvironmentSettings settings, Instant now) {
        this.region = settings.region();
        this.cloudAccountId = settings.cloudAccountId();
        this.vpcId = settings.vpcId();
        this.subnets = JsonColumns.write(new TreeMap<>(settings.subnets() == null ? Map.of() : settings.subnets()));
        EnvironmentSettings.Catalog catalog = settings.catalog();
        this.catalogJdbcUrl = catalog == null ? null : catalog.jdbcUrl();
        this.catalogUsername = catalog == null ? null : catalog.username();
        this.catalogPasswordSecretRef = catalog == null ? null : catalog.passwordSecretRef();
        this.updatedAt = now;
    }

    public UUID id() {
        return id;
    }

    public String name() {
        return name;
    }

    public String provider() {
        return provider;
    }

    public String region() {
        return region;
    }

    public String cloudAccountId() {
        return cloudAccountId;
    }

    public String vpcId() {
        return vpcId;
    }

    public Map<String, String> subnets() {
        return JsonColumns.read(subnets, new TypeReference<TreeMap<String, String>>() { });
    }

    public EnvironmentSettings.Catalog catalog() {
        return new EnvironmentSettings.Catalog(catalogJdbcUrl, catalogUsername, catalogPasswordSecretRef);
    }

    public long revision() {
        return revision;
    }

    public long version() {
        return version;
    }

    public Instant createdAt() {
        return createdAt;
    }

    public Instant updatedAt() {
        return updatedAt;
    }
}
