package dev.floe.broker.it;

import dev.floe.embedded.EmbeddedPostgres;
import dev.floe.embedded.EmbeddedS3;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One real PostgreSQL and one real S3 API server for all broker integration tests in this JVM; each
 * test cluster gets its own database and bucket, so tests never see each other's data.
 */
public final class SharedInfrastructure {
    private static SharedInfrastructure instance;
    private static final AtomicInteger clusters = new AtomicInteger();

    public final Path baseDir;
    public final EmbeddedPostgres postgres;
    public final EmbeddedS3 s3;

    private SharedInfrastructure() throws IOException {
        baseDir = Files.createTempDirectory("floe-broker-it");
        postgres = EmbeddedPostgres.builder().dataDirectory(baseDir.resolve("pg")).port(0).start();
        s3 = EmbeddedS3.start(baseDir.resolve("s3"), 0);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            s3.close();
            postgres.close();
        }));
    }

    public static synchronized SharedInfrastructure get() {
        if (instance == null) {
            try {
                instance = new SharedInfrastructure();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return instance;
    }

    /** A fresh catalog database and bucket for one test cluster. */
    public TestCluster newCluster(String name) {
        String id = name.toLowerCase().replaceAll("[^a-z0-9]", "") + clusters.incrementAndGet();
        postgres.createDatabaseIfMissing(id);
        try {
            return new TestCluster(this, id, Files.createDirectories(baseDir.resolve("clusters").resolve(id)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
