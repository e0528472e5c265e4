package dev.floe.broker.config;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;

/**
 * Reads broker settings from a properties file, then environment variables (which win). Each key
 * {@code a.b.c} has the environment twin {@code FLOE_A_B_C}; {@code node.id} is {@code FLOE_BROKER_NODE_ID}.
 */
public final class ConfigLoader {

    /** Every recognised key with its default; {@code null} means required outside dev mode. */
    public static final Map<String, String> DEFAULTS = new LinkedHashMap<>();

    /** The memory defaults below take shares of the heap, so a broker started with a small one does not run out. */
    private static final long HEAP = Runtime.getRuntime().maxMemory();
    private static final long MIB = 1024 * 1024;

    static {
        DEFAULTS.put("node.id", "1");
        DEFAULTS.put("cluster.id", "floe-local");
        DEFAULTS.put("listener", "0.0.0.0:9092");
        DEFAULTS.put("advertised.listener", null);
        DEFAULTS.put("zone", "zone-a");
        DEFAULTS.put("wal.dir", "./data/wal");
        DEFAULTS.put("wal.size.bytes", String.valueOf(256 * MIB));
        DEFAULTS.put("s3.endpoint", null);
        DEFAULTS.put("s3.region", "us-east-1");
        DEFAULTS.put("s3.bucket", "floe");
        DEFAULTS.put("s3.access.key", null);
        DEFAULTS.put("s3.secret.key", null);
        DEFAULTS.put("catalog.jdbc.url", null);
        DEFAULTS.put("catalog.user", "postgres");
        DEFAULTS.put("catalog.password", "");
        DEFAULTS.put("auto.create.topics", "true");
        DEFAULTS.put("num.partitions", "1");
        DEFAULTS.put("upload.bytes", String.valueOf(8 * MIB));
        DEFAULTS.put("upload.interval.ms", "1000");
        DEFAULTS.put("upload.max.object.bytes", String.valueOf(64 * MIB));
        DEFAULTS.put("unuploaded.max.bytes", String.valueOf(Math.max(64 * MIB, HEAP / 4)));
        DEFAULTS.put("cache.bytes", String.valueOf(Math.min(128 * MIB, HEAP / 8)));
        DEFAULTS.put("block.cache.bytes", String.valueOf(Math.min(256 * MIB, HEAP / 4)));
        DEFAULTS.put("block.size.bytes", String.valueOf(8 * MIB));
        DEFAULTS.put("lease.ms", "5000");
        DEFAULTS.put("retention.ms", String.valueOf(7L * 24 * 3600 * 1000));
        DEFAULTS.put("retention.bytes", "-1");
        DEFAULTS.put("max.message.bytes", String.valueOf(MIB + 12));
        DEFAULTS.put("retention.check.interval.ms", "30000");
        DEFAULTS.put("compaction.small.object.bytes", String.valueOf(4 * MIB));
        DEFAULTS.put("compaction.min.age.ms", "60000");
        DEFAULTS.put("orphan.grace.ms", "600000");
        DEFAULTS.put("group.initial.rebalance.delay.ms", "300");
        DEFAULTS.put("coordinator.slots", "8");
        DEFAULTS.put("wal.volume.id", null);
        DEFAULTS.put("launch.id", null);
        DEFAULTS.put("balance.enabled", "true");
        DEFAULTS.put("balance.bytes.threshold", "0.25");
        DEFAULTS.put("balance.bytes.min.per.sec", String.valueOf(MIB));
        DEFAULTS.put("balance.bytes.cooldown.ms", "60000");
        DEFAULTS.put("balance.partition.cooldown.ms", "300000");
        DEFAULTS.put("balance.max.moves", "100");
        DEFAULTS.put("balance.move.timeout.ms", "30000");
        DEFAULTS.put("metrics.listener", null);
    }

    private ConfigLoader() {
    }

    public static String envName(String key) {
        if (key.equals("node.id")) {
            return "FLOE_BROKER_NODE_ID";
        }
        return "FLOE_" + key.toUpperCase(Locale.ROOT).replace('.', '_');
    }

    /** Merges file and environment into a flat key map; unknown keys in the file are an error. */
    public static Map<String, String> read(Path configFile, Map<String, String> env) {
        Map<String, String> values = new LinkedHashMap<>(DEFAULTS);
        if (configFile != null) {
            Properties props = new Properties();
            try (Reader reader = Files.newBufferedReader(configFile)) {
                props.load(reader);
            } catch (IOException e) {
                throw new IllegalArgumentException("cannot read config file " + configFile + ": " + e.getMessage(), e);
            }
            for (String key : props.stringPropertyNames()) {
                if (!DEFAULTS.containsKey(key)) {
                    throw new IllegalArgumentException("unknown config key '" + key + "' in " + configFile);
                }
                values.put(key, props.getProperty(key).trim());
            }
        }
        for (String key : DEFAULTS.keySet()) {
            String fromEnv = env.get(envName(key));
            if (fromEnv != null && !fromEnv.isBlank()) {
                values.put(key, fromEnv.trim());
            }
        }
        return values;
    }

    /** Turns the flat map into a typed config, naming the key of any bad value. */
    public static BrokerConfig build(Map<String, String> v) {
        HostPort listener = HostPort.parse("listener", require(v, "listener"));
        String advertised = v.get("advertised.listener");
        HostPort adv = advertised == null || advertised.isBlank()
                ? new HostPort(listener.host().equals("0.0.0.0") ? "127.0.0.1" : listener.host(), listener.port())
                : HostPort.parse("advertised.listener", advertised);
        return new BrokerConfig(
                integer(v, "node.id"),
                require(v, "cluster.id"),
                listener.host(), listener.port(),
                adv.host(), adv.port(),
                require(v, "zone"),
                Path.of(require(v, "wal.dir")),
                longValue(v, "wal.size.bytes"),
                optional(v, "s3.endpoint"),
                require(v, "s3.region"),
                require(v, "s3.bucket"),
                optional(v, "s3.access.key"),
                optional(v, "s3.secret.key"),
                require(v, "catalog.jdbc.url"),
                require(v, "catalog.user"),
                v.getOrDefault("catalog.password", ""),
                Boolean.parseBoolean(require(v, "auto.create.topics")),
                integer(v, "num.partitions"),
                longValue(v, "upload.bytes"),
                longValue(v, "upload.interval.ms"),
                longValue(v, "upload.max.object.bytes"),
                atLeast(v, "unuploaded.max.bytes", 16 * MIB),
                longValue(v, "cache.bytes"),
                longValue(v, "block.cache.bytes"),
                integer(v, "block.size.bytes"),
                longValue(v, "lease.ms"),
                longValue(v, "retention.ms"),
                longValue(v, "retention.bytes"),
                integer(v, "max.message.bytes"),
                longValue(v, "retention.check.interval.ms"),
                longValue(v, "compaction.small.object.bytes"),
                longValue(v, "compaction.min.age.ms"),
                longValue(v, "orphan.grace.ms"),
                integer(v, "group.initial.rebalance.delay.ms"),
                integer(v, "coordinator.slots"),
                optional(v, "wal.volume.id"),
                optional(v, "launch.id"),
                new BalanceConfig(
                        bool(v, "balance.enabled"),
                        fraction(v, "balance.bytes.threshold"),
                        longValue(v, "balance.bytes.min.per.sec"),
                        longValue(v, "balance.bytes.cooldown.ms"),
                        longValue(v, "balance.partition.cooldown.ms"),
                        positive(v, "balance.max.moves"),
                        longValue(v, "balance.move.timeout.ms")),
                metricsListener(v));
    }

    private static boolean bool(Map<String, String> v, String key) {
        String value = require(v, key).toLowerCase(Locale.ROOT);
        if (!value.equals("true") && !value.equals("false")) {
            throw new IllegalArgumentException("config '" + key + "' must be true or false, got '" + v.get(key) + "'");
        }
        return Boolean.parseBoolean(value);
    }

    private static double fraction(Map<String, String> v, String key) {
        try {
            double value = Double.parseDouble(require(v, key));
            if (value < 0 || Double.isNaN(value) || Double.isInfinite(value)) {
                throw new NumberFormatException();
            }
            return value;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("config '" + key + "' must be a number of at least 0, got '" + v.get(key) + "'");
        }
    }

    private static int positive(Map<String, String> v, String key) {
        int value = integer(v, key);
        if (value <= 0) {
            throw new IllegalArgumentException("config '" + key + "' must be at least 1, got '" + v.get(key) + "'");
        }
        return value;
    }

    private static long atLeast(Map<String, String> v, String key, long min) {
        long value = longValue(v, key);
        if (value < min) {
            throw new IllegalArgumentException("config '" + key + "' must be at least " + min + ", got '" + v.get(key) + "'");
        }
        return value;
    }

    /** Validated as host:port when set; the port may be 0 (any free port). */
    private static String metricsListener(Map<String, String> v) {
        String value = optional(v, "metrics.listener");
        if (value != null) {
            HostPort.parse("metrics.listener", value);
        }
        return value;
    }

    private static String require(Map<String, String> v, String key) {
        String value = v.get(key);
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException("missing required config '" + key + "' (env " + envName(key) + ")");
        }
        return value;
    }

    /** Blank means "use the platform default" (AWS endpoint for the region, instance credentials). */
    private static String optional(Map<String, String> v, String key) {
        String value = v.get(key);
        return value == null || value.isBlank() ? null : value;
    }

    private static int integer(Map<String, String> v, String key) {
        try {
            return Integer.parseInt(require(v, key));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("config '" + key + "' must be an integer, got '" + v.get(key) + "'");
        }
    }

    private static long longValue(Map<String, String> v, String key) {
        try {
            return Long.parseLong(require(v, key));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("config '" + key + "' must be an integer, got '" + v.get(key) + "'");
        }
    }

    record HostPort(String host, int port) {
        static HostPort parse(String key, String value) {
            int colon = value.lastIndexOf(':');
            try {
                if (colon <= 0) {
                    throw new NumberFormatException();
                }
                int port = Integer.parseInt(value.substring(colon + 1));
                if (port < 0 || port > 65535) {
                    throw new NumberFormatException();
                }
                return new HostPort(value.substring(0, colon), port);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("config '" + key + "' must be host:port, got '" + value + "'");
            }
        }
    }
}
