package dev.floe.controlplane.seed;

import dev.floe.controlplane.cluster.ClusterSpec;
import dev.floe.controlplane.cluster.Clusters;
import dev.floe.controlplane.environment.EnvironmentRepository;
import dev.floe.controlplane.environment.EnvironmentSettings;
import dev.floe.controlplane.environment.Environments;
import dev.floe.controlplane.files.AtomicFiles;
import dev.floe.controlplane.security.Secrets;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.core.annotation.Order;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Creates the configured demo environment and cluster if they are missing, through the same services as the API
 * (so they are validated and audited), and writes their ids for scripts. A new bootstrap token is issued only while
 * the environment has no agent and the token file holds no token that could still be used.
 */
@Component
@Order(100)
class DemoSeed implements ApplicationRunner {

    private static final Logger log = LoggerFactory.getLogger(DemoSeed.class);

    private final SeedProperties properties;
    private final Environments environments;
    private final EnvironmentRepository environmentRepository;
    private final Clusters clusters;
    private final JdbcTemplate jdbc;
    private final TransactionTemplate transactions;

    DemoSeed(SeedProperties properties, Environments environments, EnvironmentRepository environmentRepository,
            Clusters clusters, JdbcTemplate jdbc, TransactionTemplate transactions) {
        this.properties = properties;
        this.environments = environments;
        this.environmentRepository = environmentRepository;
        this.clusters = clusters;
        this.jdbc = jdbc;
        this.transactions = transactions;
    }

    @Override
    public void run(ApplicationArguments args) {
        if (properties.environmentName() == null || properties.environmentName().isBlank()) {
            return;
        }
        Path out = properties.outputDir().toAbsolutePath();
        UUID environmentId = transactions.execute(status -> environmentRepository
                .findByName(properties.environmentName())
                .map(existing -> {
                    if (!hasAgent(existing.id()) && !usableTokenIn(out.resolve("bootstrap-token"))) {
                        AtomicFiles.writeOwnerOnly(out.resolve("bootstrap-token"),
                                environments.newBootstrapToken(existing.id()).bootstrapToken());
                    }
                    return existing.id();
                })
                .orElseGet(() -> {
                    Environments.WithToken created = environments.create(properties.environmentName(), "local",
                            new EnvironmentSettings("local", null, null, Map.of(), null));
                    AtomicFiles.writeOwnerOnly(out.resolve("bootstrap-token"), created.bootstrapToken());
                    return created.environment().id();
                }));
        AtomicFiles.write(out.resolve("environment-id"), environmentId.toString());
        log.info("demo environment '{}' is {}", properties.environmentName(), environmentId);

        if (properties.clusterName() != null && !properties.clusterName().isBlank()) {
            UUID clusterId = transactions.execute(status -> clusters.inEnvironment(environmentId).stream()
                    .filter(cluster -> cluster.name().equals(properties.clusterName()))
                    .findFirst()
                    .map(cluster -> cluster.id())
                    .orElseGet(() -> clusters.create(environmentId, properties.clusterName(),
                            properties.clusterTier(), new ClusterSpec(properties.clusterBrokers(), "local",
                                    List.of("zone-a"), 10, null, null, null)).cluster().id()));
            AtomicFiles.write(out.resolve("cluster-id"), clusterId.toString());
            log.info("demo cluster '{}' is {}", properties.clusterName(), clusterId);
        }
    }

    /** Whether the file holds a token that can still register an agent (not used, not expired). */
    private boolean usableTokenIn(Path file) {
        try {
            if (!Files.exists(file)) {
                return false;
            }
            String token = Files.readString(file, StandardCharsets.UTF_8).trim();
            Boolean usable = jdbc.query("""
                    SELECT used_at IS NULL AND expires_at > now() FROM bootstrap_token WHERE token_hash = ?""",
                    rs -> rs.next() ? rs.getBoolean(1) : Boolean.FALSE, Secrets.sha256(token));
            return Boolean.TRUE.equals(usable);
        } catch (IOException e) {
            return false;
        }
    }

    private boolean hasAgent(UUID environmentId) {
        Integer agents = jdbc.queryForObject("SELECT count(*) FROM agent WHERE environment_id = ?", Integer.class,
                environmentId);
        return agents != null && agents > 0;
    }
}
