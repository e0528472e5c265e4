package dev.floe.embedded;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import org.gaul.s3proxy.S3Proxy;
import org.gaul.s3proxy.auth.AuthenticationType;
import org.gaul.s3proxy.nio2blob.FilesystemNio2BlobStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** A real S3 API server (S3Proxy) on 127.0.0.1 storing buckets as directories under a base directory. */
public final class EmbeddedS3 implements AutoCloseable {

    public static final String DEFAULT_ACCESS_KEY = "floe-local";
    public static final String DEFAULT_SECRET_KEY = "floe-local-secret";
    public static final String REGION = "us-east-1";
    private static final Logger log = LoggerFactory.getLogger(EmbeddedS3.class);

    private final S3Proxy server;
    private final URI endpoint;
    private final String accessKey;
    private final String secretKey;

    private EmbeddedS3(S3Proxy server, URI endpoint, String accessKey, String secretKey) {
        this.server = server;
        this.endpoint = endpoint;
        this.accessKey = accessKey;
        this.secretKey = secretKey;
    }

    /** Starts a server with the default local credentials; port 0 picks a free one. */
    public static EmbeddedS3 start(Path baseDirectory, int port) {
        return start(baseDirectory, port, DEFAULT_ACCESS_KEY, DEFAULT_SECRET_KEY);
    }

    public static EmbeddedS3 start(Path baseDirectory, int port, String accessKey, String secretKey) {
        int chosen = port == 0 ? FreePort.pick() : port;
        URI endpoint = URI.create("http://127.0.0.1:" + chosen);
        try {
            Files.createDirectories(baseDirectory);
            S3Proxy server = S3Proxy.builder()
                    .blobStore(new FilesystemNio2BlobStore(baseDirectory.toAbsolutePath().toString()))
                    .endpoint(endpoint)
                    .awsAuthentication(AuthenticationType.AWS_V2_OR_V4, accessKey, secretKey)
                    .build();
            server.start();
            awaitStarted(server);
            log.info("embedded S3 API server on {} with buckets under {}", endpoint, baseDirectory);
            return new EmbeddedS3(server, endpoint, accessKey, secretKey);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create S3 base directory " + baseDirectory, e);
        } catch (Exception e) {
            throw new IllegalStateException("cannot start the embedded S3 server on " + endpoint, e);
        }
    }

    private static void awaitStarted(S3Proxy server) throws InterruptedException {
        for (int i = 0; i < 200 && !"STARTED".equals(server.getState()); i++) {
            Thread.sleep(25);
        }
        if (!"STARTED".equals(server.getState())) {
            throw new IllegalStateException("S3 server did not start: state " + server.getState());
        }
    }

    public URI endpoint() {
        return endpoint;
    }

    public String accessKey() {
        return accessKey;
    }

    public String secretKey() {
        return secretKey;
    }

    public String region() {
        return REGION;
    }

    @Override
    public void close() {
        try {
            server.stop();
        } catch (Exception e) {
            throw new IllegalStateException("cannot stop the embedded S3 server on " + endpoint, e);
        }
    }
}
