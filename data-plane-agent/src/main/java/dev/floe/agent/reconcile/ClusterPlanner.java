package dev.floe.agent.reconcile;

import dev.floe.agent.controlplane.ClusterSpec;
import dev.floe.agent.controlplane.DesiredCluster;
import dev.floe.agent.controlplane.EnvironmentSpec;
import dev.floe.agent.controlplane.TierSpec;
import dev.floe.agent.provider.BrokerSpec;
import dev.floe.agent.provider.BucketSpec;
import dev.floe.agent.provider.CatalogSpec;
import dev.floe.agent.provider.IdentitySpec;
import dev.floe.agent.provider.VolumeSpec;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Pure functions from (environment, cluster spec) to the resources a cluster consists of. Names are derived from
 * the cluster id so that every provider call is idempotent across agent restarts: the name is the memory.
 */
public final class ClusterPlanner {

    public static final int MAX_BROKERS = 100;
    public static final int ORPHAN_EXPIRATION_DAYS = 7;
    static final Set<String> WAL_TYPES = Set.of("gp3", "gp2", "io1", "io2", "local");
    static final int DEFAULT_LISTENER_PORT = 9092;

    private ClusterPlanner() {
    }

    /** @throws InvalidSpecException naming the first field that cannot be applied */
    public static ClusterPlan plan(EnvironmentSpec environment, DesiredCluster cluster, String provider) {
        require(cluster.id() != null && !cluster.id().isBlank(), "cluster.id", "is missing");
        TierSpec tier = cluster.tier();
        require(tier != null && tier.name() != null && !tier.name().isBlank(), "cluster.tier",
                "the cluster names no recovery tier");
        require(tier.minBrokers() != null && tier.zonesRequired() != null, "cluster.tier",
                "unknown tier '" + tier.name() + "': the control plane sent no objectives (minBrokers, zonesRequired) for it");
        ClusterSpec spec = cluster.spec();
        require(spec != null, "cluster.spec", "is missing");
        int brokers = spec.brokerCount() == null ? 0 : spec.brokerCount();
        require(brokers >= 1 && brokers <= MAX_BROKERS, "spec.brokerCount",
                "must be between 1 and " + MAX_BROKERS + ", was " + spec.brokerCount());
        require(brokers >= tier.minBrokers(), "spec.brokerCount",
                brokers + " is below tier '" + tier.name() + "' minimum of " + tier.minBrokers());
        List<String> zones = zones(environment, spec, provider);
        require(zones.size() >= tier.zonesRequired(), "spec.zones",
                "tier '" + tier.name() + "' requires " + tier.zonesRequired() + " zones, spec has " + zones.size());
        int walGiB = spec.walVolumeSizeGiB() == null ? 10 : spec.walVolumeSizeGiB();
        require(walGiB >= 1 && walGiB <= 16384, "spec.walVolumeSizeGiB", "must be between 1 and 16384, was " + walGiB);
        String walType = spec.walType() != null ? spec.walType() : tier.walType() != null ? tier.walType() : "gp3";
        require(WAL_TYPES.contains(walType), "spec.walType", "unknown volume type '" + walType + "', expected one of "
                + WAL_TYPES);
        int port = spec.listener() == null || spec.listener().port() == null
                ? DEFAULT_LISTENER_PORT : spec.listener().port();
        require(port > 0 && port < 65536, "spec.listener.port", "must be a TCP port, was " + port);
        boolean autoCreateTopics = spec.listener() == null || spec.listener().autoCreateTopics() == null
                || spec.listener().autoCreateTopics();
        require(spec.retentionMs() == null || spec.retentionMs() == -1 || spec.retentionMs() > 0, "spec.retentionMs",
                "must be positive or -1 (unlimited), was " + spec.retentionMs());

        String id = cluster.id();
        String shortId = shortId(id);
        Map<String, String> tags = tags(environment, cluster);
        List<BrokerSpec> brokerSpecs = new ArrayList<>();
        for (int nodeId = 1; nodeId <= brokers; nodeId++) {
            // Round robin over zones: node n lives in zone (n-1) mod z, so a scale-in removes the newest first
            // and the remaining brokers stay spread.
            String zone = zones.get((nodeId - 1) % zones.size());
            Map<String, String> brokerTags = new LinkedHashMap<>(tags);
            brokerTags.put("floe:node-id", Integer.toString(nodeId));
            brokerTags.put("Name", "floe-" + shortId + "-broker-" + nodeId);
            Map<String, String> volumeTags = new LinkedHashMap<>(brokerTags);
            volumeTags.put("Name", volumeName(id, nodeId));
            VolumeSpec volume = new VolumeSpec(volumeName(id, nodeId), id, nodeId, zone,
                    environment.subnets().get(zone), walGiB, walType,
                    Map.copyOf(volumeTags));
            brokerSpecs.add(new BrokerSpec(id, nodeId, zone, environment.subnets().get(zone), spec.instanceType(),
                    port, volume, Map.copyOf(brokerTags), autoCreateTopics, spec.retentionMs()));
        }
        return new ClusterPlan(id, cluster.name(), cluster.generation(), cluster.operationId(), cluster.deleting(),
                new CatalogSpec(id, databaseName(id), environment.catalog()),
                new BucketSpec(bucketName(cluster.name(), id), tags, ORPHAN_EXPIRATION_DAYS),
                new IdentitySpec("floe-broker-" + shortId, "floe-broker-" + shortId, bucketName(cluster.name(), id), tags),
                List.copyOf(brokerSpecs), tags);
    }

    /**
     * A plan for tearing down a cluster whose spec may no longer be valid (a delete must work even then): names
     * only, no validation.
     */
    public static ClusterPlan teardownPlan(EnvironmentSpec environment, DesiredCluster cluster) {
        String id = cluster.id();
        Map<String, String> tags = tags(environment, cluster);
        return new ClusterPlan(id, cluster.name(), cluster.generation(), cluster.operationId(), true,
                new CatalogSpec(id, databaseName(id), environment.catalog()),
                new BucketSpec(bucketName(cluster.name(), id), tags, ORPHAN_EXPIRATION_DAYS),
                new IdentitySpec("floe-broker-" + shortId(id), "floe-broker-" + shortId(id),
                        bucketName(cluster.name(), id), tags),
                List.of(), tags);
    }

    static List<String> zones(EnvironmentSpec environment, ClusterSpec spec, String provider) {
        List<String> zones = spec.zones();
        if (zones.isEmpty()) {
            zones = environment.subnets().isEmpty() ? List.of("zone-a") : List.of(environment.subnets().keySet()
                    .stream().sorted().findFirst().orElseThrow());
        }
        require(zones.stream().distinct().count() == zones.size(), "spec.zones", "lists a zone twice: " + zones);
        if ("aws".equals(provider)) {
            for (String zone : zones) {
                require(environment.subnets().containsKey(zone), "spec.zones",
                        "zone '" + zone + "' has no subnet in environment '" + environment.name() + "'");
            }
        }
        return zones;
    }

    static Map<String, String> tags(EnvironmentSpec environment, DesiredCluster cluster) {
        Map<String, String> tags = new LinkedHashMap<>();
        tags.put("floe:managed-by", "floe-agent");
        tags.put("floe:cluster-id", cluster.id());
        if (cluster.name() != null) {
            tags.put("floe:cluster-name", cluster.name());
        }
        if (environment.name() != null) {
            tags.put("floe:environment", environment.name());
        }
        return Map.copyOf(tags);
    }

    /** S3 bucket names: 3-63 chars, lower-case letters, digits and hyphens; the id part makes them unique. */
    public static String bucketName(String clusterName, String clusterId) {
        String name = sanitize(clusterName == null ? "cluster" : clusterName, 30);
        return "floe-" + (name.isEmpty() ? "cluster" : name) + "-" + shortId(clusterId);
    }

    /** PostgreSQL identifiers: lower-case, digits, underscore; the full id keeps them unique. */
    public static String databaseName(String clusterId) {
        return "floe_" + clusterId.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]", "");
    }

    public static String volumeName(String clusterId, int nodeId) {
        return "floe-" + shortId(clusterId) + "-wal-" + nodeId;
    }

    static String shortId(String clusterId) {
        String hex = clusterId.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]", "");
        return hex.length() <= 12 ? hex : hex.substring(0, 12);
    }

    private static String sanitize(String value, int max) {
        String s = value.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9-]", "-").replaceAll("-+", "-")
                .replaceAll("^-|-$", "");
        return s.length() <= max ? s : s.substring(0, max).replaceAll("-$", "");
    }

    private static void require(boolean condition, String field, String message) {
        if (!condition) {
            throw new InvalidSpecException(field, message);
        }
    }
}
