package dev.floe.broker.objectstore;

import dev.floe.broker.it.SharedInfrastructure;
import dev.floe.embedded.EmbeddedS3;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.s3.model.S3Exception;

import java.nio.ByteBuffer;
import java.util.List;
import java.util.Random;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The bucket client against a real S3 API server over plain HTTP, as the local stack runs it. */
class ObjectStoreIT {
    private final EmbeddedS3 s3 = SharedInfrastructure.get().s3;
    private final String bucket = "objects-" + UUID.randomUUID().toString().substring(0, 8);

    private ObjectStore store(String secretKey) {
        return new ObjectStore(s3.endpoint().toString(), s3.region(), bucket, s3.accessKey(), secretKey);
    }

    @Test
    void anObjectLargerThanTheServerChecksWithASignedPayloadGoesUpInOnePutAndReadsBack() {
        // S3Proxy buffers a body whose SHA-256 is signed, and refuses one over 128 MiB: this one passes only
        // because the payload is not signed.
        byte[] bytes = new byte[130 << 20];
        new Random(7).nextBytes(bytes);
        try (ObjectStore store = store(s3.secretKey())) {
            store.ensureBucket();
            store.put("big", List.of(ByteBuffer.wrap(bytes, 0, 1 << 20), ByteBuffer.wrap(bytes, 1 << 20, bytes.length - (1 << 20))));

            ByteBuffer tail = store.get("big", bytes.length - 4096, 4096);
            assertThat(tail).isEqualTo(ByteBuffer.wrap(bytes, bytes.length - 4096, 4096));
            assertThat(store.list("big", 10)).singleElement().satisfies(o -> assertThat(o.size()).isEqualTo(bytes.length));
        }
    }

    @Test
    void theHeadersAreStillSignedSoAWrongSecretIsRefusedAndWritesNothing() {
        try (ObjectStore good = store(s3.secretKey()); ObjectStore forged = store("not-" + s3.secretKey())) {
            good.ensureBucket();
            assertThatThrownBy(() -> forged.put("forged", List.of(ByteBuffer.wrap(new byte[]{1, 2, 3}))))
                    .isInstanceOf(S3Exception.class)
                    .satisfies(e -> assertThat(((S3Exception) e).statusCode()).isEqualTo(403));
            assertThat(good.list("forged", 10)).isEmpty();
        }
    }
}
