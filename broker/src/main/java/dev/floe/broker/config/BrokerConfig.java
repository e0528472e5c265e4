package dev.floe.broker.config;

import java.nio.file.Path;

/** Everything a broker process needs to run; built by {@link ConfigLoader} from a file, env vars and flags. */
public record BrokerConfig(
        int nodeId,
        String clusterId,
        String listenerHost,
        int listenerPort,
        String advertisedHost,
        int advertisedPort,
        String zone,
        Path walDir,
        long walSizeBytes,
        String s3Endpoint,
        String s3Region,
        String s3Bucket,
        String s3AccessKey,
        String s3SecretKey,
        String catalogJdbcUrl,
        String catalogUser,
        String catalogPassword,
        boolean autoCreateTopics,
        int defaultPartitions,
        long uploadBytes,
        long uploadIntervalMs,
        long uploadMaxObjectBytes,
        /* Received data not yet uploaded that the broker holds (in its WAL and its memory) before appends wait. */
        long unuploadedMaxBytes,
        long cacheBytes,
        long blockCacheBytes,
        int blockSizeBytes,
        long leaseMs,
        long defaultRetentionMs,
        long defaultRetentionBytes,
        int defaultMaxMessageBytes,
        long retentionCheckIntervalMs,
        long compactionSmallObjectBytes,
        long compactionMinAgeMs,
        long orphanGraceMs,
        int groupInitialRebalanceDelayMs,
        int coordinatorSlots,
        /* The provider's id of the WAL volume (null when not run by an agent): lets the controller move it on failure. */
        String walVolumeId,
        /* The agent's id of this process launch (null when not run by an agent): lets it fence this process once dead. */
        String launchId,
        BalanceConfig balance,
        /* host:port of the Prometheus metrics endpoint; null = no endpoint. */
        String metricsListener) {

    /** The address clients are told to connect to, host:port. */
    public String advertisedAddress() {
        return advertisedHost + ":" + advertisedPort;
    }
}
