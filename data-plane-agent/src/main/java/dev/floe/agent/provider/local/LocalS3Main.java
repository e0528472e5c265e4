package dev.floe.agent.provider.local;

import dev.floe.embedded.EmbeddedS3;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;

/**
 * The local provider's S3 API server as its own process, so buckets stay reachable for brokers while the agent
 * restarts. Arguments: base directory, port; credentials come from the environment.
 */
public final class LocalS3Main {

    static final String READY = "FLOE_S3_READY";

    private LocalS3Main() {
    }

    public static void main(String[] args) throws InterruptedException {
        Path base = Path.of(args[0]);
        int port = Integer.parseInt(args[1]);
        EmbeddedS3 s3 = EmbeddedS3.start(base, port, System.getenv("FLOE_S3_ACCESS_KEY"),
                System.getenv("FLOE_S3_SECRET_KEY"));
        Runtime.getRuntime().addShutdownHook(new Thread(s3::close, "s3-shutdown"));
        System.out.println(READY + " endpoint=" + s3.endpoint());
        System.out.flush();
        new CountDownLatch(1).await();
    }
}
