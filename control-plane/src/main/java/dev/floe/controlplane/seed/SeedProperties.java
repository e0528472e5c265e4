package dev.floe.controlplane.seed;

import java.nio.file.Path;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * A demo environment (and cluster) made at start-up, for local runs: {@code ./quickstart} uses it so that the
 * agent it starts has a bootstrap token without any JSON handling in shell.
 *
 * @param environmentName create this {@code local} environment if missing; unset seeds nothing
 * @param clusterName     create this cluster in it if missing; unset creates none
 * @param clusterTier     the cluster's recovery tier
 * @param clusterBrokers  the cluster's broker count
 * @param outputDir       where {@code environment-id}, {@code bootstrap-token} (mode 0600, only when a new token was
 *                        issued) and {@code cluster-id} are written
 */
@ConfigurationProperties("floe.seed")
public record SeedProperties(
        String environmentName,
        String clusterName,
        @DefaultValue("standard") String clusterTier,
        @DefaultValue("3") int clusterBrokers,
        @DefaultValue(".floe/control-plane/seed") Path outputDir) {
}
