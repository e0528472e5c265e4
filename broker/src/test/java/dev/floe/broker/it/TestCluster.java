package dev.floe.broker.it;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/** The brokers of one test cluster, sharing a catalog database and a bucket. */
public final class TestCluster implements AutoCloseable {
    private final SharedInfrastructure infra;
    public final String id;
    public final Path dir;
    private final List<BrokerProcess> brokers = new ArrayList<>();
    private final Map<String, String> overrides = new HashMap<>();

    TestCluster(SharedInfrastructure infra, String id, Path dir) {
        this.infra = infra;
        this.id = id;
        this.dir = dir;
        // Small WAL and quick uploads so tests exercise wrap-around, upload and bucket reads.
        overrides.put("FLOE_WAL_SIZE_BYTES", String.valueOf(8L * 1024 * 1024));
        overrides.put("FLOE_UPLOAD_INTERVAL_MS", "200");
        overrides.put("FLOE_UPLOAD_BYTES", String.valueOf(512 * 1024));
        overrides.put("FLOE_LEASE_MS", "3000");
        overrides.put("FLOE_GROUP_INITIAL_REBALANCE_DELAY_MS", "200");
        overrides.put("FLOE_BLOCK_CACHE_BYTES", String.valueOf(32L * 1024 * 1024));
        overrides.put("FLOE_BLOCK_SIZE_BYTES", String.valueOf(1024 * 1024));
        overrides.put("FLOE_CACHE_BYTES", String.valueOf(64L * 1024 * 1024));
    }

    private boolean volumeIds;

    /** Launch brokers as the agent does: each knows its WAL volume id, so its WAL can be moved on failure. */
    public TestCluster withVolumeIds() {
        volumeIds = true;
        return this;
    }

    public Path walDir(int nodeId) {
        return dir.resolve("wal-" + nodeId);
    }

    public TestCluster with(String env, String value) {
        overrides.put(env, value);
        return this;
    }

    public Map<String, String> env(int nodeId) {
        Map<String, String> env = new HashMap<>(overrides);
        env.put("FLOE_BROKER_NODE_ID", String.valueOf(nodeId));
        env.put("FLOE_CLUSTER_ID", id);
        env.put("FLOE_LISTENER", "127.0.0.1:0");
        env.put("FLOE_WAL_DIR", walDir(nodeId).toString());
        if (volumeIds) {
            env.put("FLOE_WAL_VOLUME_ID", "vol-" + nodeId);
        }
        env.put("FLOE_S3_ENDPOINT", infra.s3.endpoint().toString());
        env.put("FLOE_S3_REGION", infra.s3.region());
        env.put("FLOE_S3_BUCKET", id);
        env.put("FLOE_S3_ACCESS_KEY", infra.s3.accessKey());
        env.put("FLOE_S3_SECRET_KEY", infra.s3.secretKey());
        env.put("FLOE_CATALOG_JDBC_URL", infra.postgres.jdbcUrl(id));
        env.put("FLOE_CATALOG_USER", "postgres");
        return env;
    }

    public String jdbcUrl() {
        return infra.postgres.jdbcUrl(id);
    }

    public BrokerProcess start(int nodeId) {
        return start(nodeId, Map.of());
    }

    /** Starts a broker with settings of its own on top of the cluster's (its zone, say). */
    public BrokerProcess start(int nodeId, Map<String, String> extra) {
        Map<String, String> env = env(nodeId);
        env.putAll(extra);
        BrokerProcess b = BrokerProcess.start(env, dir.resolve("broker-" + nodeId + ".log"));
        brokers.add(b);
        return b;
    }

    public String bootstrap() {
        return brokers.stream().filter(BrokerProcess::alive).map(BrokerProcess::bootstrap).collect(Collectors.joining(","));
    }

    @Override
    public void close() {
        for (BrokerProcess b : brokers) {
            b.kill();
        }
    }
}
