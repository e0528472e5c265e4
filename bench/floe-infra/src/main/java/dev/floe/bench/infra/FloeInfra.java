package dev.floe.bench.infra;

import dev.floe.embedded.EmbeddedPostgres;
import dev.floe.embedded.EmbeddedS3;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Starts one catalog PostgreSQL and one S3 API server under a directory, so that several broker processes can form
 * a cluster without the control plane and the agent (as the broker's integration tests do). Writes the brokers'
 * settings as {@code KEY=value} lines, prints {@code FLOE_INFRA_READY} and serves until SIGTERM, which stops both.
 *
 * <p>{@code java -cp ... dev.floe.bench.infra.FloeInfra DIR DATABASE ENV_FILE}
 */
public final class FloeInfra {

    private FloeInfra() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length != 3) {
            System.err.println("usage: FloeInfra DIR DATABASE ENV_FILE");
            System.exit(64);
        }
        Path dir = Path.of(args[0]).toAbsolutePath();
        String database = args[1];
        Path envFile = Path.of(args[2]);
        Files.createDirectories(dir);

        EmbeddedPostgres postgres = EmbeddedPostgres.builder().dataDirectory(dir.resolve("catalog")).port(0).start();
        EmbeddedS3 s3;
        try {
            postgres.createDatabaseIfMissing(database);
            s3 = EmbeddedS3.start(dir.resolve("bucket"), 0);
        } catch (RuntimeException e) {
            postgres.close(); // the server is a daemon: never leave it behind
            throw e;
        }
        EmbeddedS3 server = s3;
        // PostgreSQL runs as a daemon outside this JVM: stop it on the way out (the script also stops leftovers).
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            server.close();
            postgres.close();
        }, "stop-infra"));

        Map<String, String> env = new LinkedHashMap<>();
        env.put("FLOE_CATALOG_JDBC_URL", postgres.jdbcUrl(database));
        env.put("FLOE_CATALOG_USER", EmbeddedPostgres.USER);
        env.put("FLOE_S3_ENDPOINT", s3.endpoint().toString());
        env.put("FLOE_S3_REGION", s3.region());
        env.put("FLOE_S3_ACCESS_KEY", s3.accessKey());
        env.put("FLOE_S3_SECRET_KEY", s3.secretKey());
        writeAtomically(envFile, env);
        System.out.println("FLOE_INFRA_READY catalog=" + postgres.jdbcUrl(database) + " s3=" + s3.endpoint());
        System.out.flush();
        Thread.currentThread().join();
    }

    private static void writeAtomically(Path file, Map<String, String> env) throws IOException {
        StringBuilder text = new StringBuilder();
        env.forEach((key, value) -> text.append(key).append('=').append(value).append('\n'));
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        Files.writeString(tmp, text, StandardCharsets.UTF_8);
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }
}
