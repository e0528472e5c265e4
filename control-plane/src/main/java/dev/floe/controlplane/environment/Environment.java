package dev.floe.controlplane.environment;

import dev.floe.controlplane.api.JsonColumns;
import dev.floe.controlplane.database.VersionedEntity;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.Map;
import java.util.TreeMap;
import tools.jackson.core.type.TypeReference;

/** A customer's BYOC environment: one cloud account, region and VPC where one agent runs clusters. */
@Entity
@Table(name = "environment")
public class Environment extends VersionedEntity {

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

    protected Environment() {
    }

    Environment(String name, String provider, EnvironmentSettings settings, Instant now) {
        super(now);
        this.name = name;
        this.provider = provider;
        this.revision = 1;
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
        changedAt(now);
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
}
