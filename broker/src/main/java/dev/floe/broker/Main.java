package dev.floe.broker;

import dev.floe.broker.config.BrokerConfig;
import dev.floe.broker.config.ConfigLoader;
import dev.floe.embedded.EmbeddedPostgres;
import dev.floe.embedded.EmbeddedS3;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * Command line: {@code java -jar floe-broker.jar [--config FILE] [--dev] [--port N] [--data-dir DIR]}.
 * Prints {@code FLOE_BROKER_READY bootstrap=HOST:PORT} on stdout once clients can connect.
 */
public final class Main {
    private Main() {
    }

    public static void main(String[] args) throws Exception {
        Path configFile = null;
        boolean dev = false;
        Integer port = null;
        Path dataDir = null;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--config" -> configFile = Path.of(value(args, ++i, "--config"));
                case "--dev" -> dev = true;
                case "--port" -> port = Integer.parseInt(value(args, ++i, "--port"));
                case "--data-dir" -> dataDir = Path.of(value(args, ++i, "--data-dir"));
                case "--help", "-h" -> {
                    System.err.println("usage: java -jar floe-broker.jar [--config broker.properties] [--dev] [--port N] [--data-dir DIR]");
                    return;
                }
                default -> fail("unknown argument '" + args[i] + "'");
            }
        }
        Map<String, String> env = new HashMap<>(System.getenv());
        AutoCloseable[] embedded = new AutoCloseable[0];
        if (dev) {
            Path dir = dataDir != null ? dataDir : Files.createTempDirectory("floe-broker-dev");
            Files.createDirectories(dir);
            EmbeddedPostgres pg = EmbeddedPostgres.builder().dataDirectory(dir.resolve("catalog")).port(0).start();
            pg.createDatabaseIfMissing("floe_catalog");
            EmbeddedS3 s3 = EmbeddedS3.start(dir.resolve("bucket"), 0);
            embedded = new AutoCloseable[]{s3, pg};
            // Dev defaults fill only what the environment did not set.
            env.putIfAbsent("FLOE_CATALOG_JDBC_URL", pg.jdbcUrl("floe_catalog"));
            env.putIfAbsent("FLOE_CATALOG_USER", EmbeddedPostgres.USER);
            env.putIfAbsent("FLOE_S3_ENDPOINT", s3.endpoint().toString());
            env.putIfAbsent("FLOE_S3_ACCESS_KEY", s3.accessKey());
            env.putIfAbsent("FLOE_S3_SECRET_KEY", s3.secretKey());
            env.putIfAbsent("FLOE_S3_REGION", s3.region());
            env.putIfAbsent("FLOE_WAL_DIR", dir.resolve("wal").toString());
            env.putIfAbsent("FLOE_WAL_SIZE_BYTES", String.valueOf(64L * 1024 * 1024));
            env.putIfAbsent("FLOE_LISTENER", "127.0.0.1:" + (port != null ? port : 9092));
        } else {
            if (port != null) {
                env.put("FLOE_LISTENER", "0.0.0.0:" + port);
            }
            if (dataDir != null) {
                env.putIfAbsent("FLOE_WAL_DIR", dataDir.resolve("wal").toString());
            }
        }
        BrokerConfig config;
        try {
            config = ConfigLoader.build(ConfigLoader.read(configFile, env));
        } catch (IllegalArgumentException e) {
            closeAll(embedded);
            fail(e.getMessage());
            return;
        }
        Broker broker = new Broker(config);
        AutoCloseable[] toClose = embedded;
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            broker.close();
            closeAll(toClose);
        }, "shutdown"));
        broker.start();
        System.out.println("FLOE_BROKER_READY bootstrap=" + broker.advertisedAddress());
        System.out.flush();
        Thread.currentThread().join();
    }

    private static String value(String[] args, int i, String flag) {
        if (i >= args.length) {
            fail(flag + " needs a value");
        }
        return args[i];
    }

    private static void closeAll(AutoCloseable[] all) {
        for (AutoCloseable c : all) {
            try {
                c.close();
            } catch (Exception ignored) {
                // best effort on the way out
            }
        }
    }

    private static void fail(String message) {
        System.err.println("floe-broker: " + message);
        System.exit(2);
    }
}
