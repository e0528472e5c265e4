package dev.floe.embedded;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Exception;

class EmbeddedS3IT {

    @TempDir
    Path dir;

    @Test
    void servesTheS3ApiIncludingRangedReadsAndKeepsObjectsAcrossRestarts() {
        String body = "0123456789abcdef";
        try (EmbeddedS3 s3 = EmbeddedS3.start(dir, 0); S3Client client = client(s3, s3.secretKey())) {
            client.createBucket(b -> b.bucket("floe-test"));
            client.putObject(p -> p.bucket("floe-test").key("objects/1"), RequestBody.fromString(body));
            String range = client.getObjectAsBytes(g -> g.bucket("floe-test").key("objects/1").range("bytes=4-7"))
                    .asString(StandardCharsets.UTF_8);
            assertThat(range).isEqualTo("4567");
        }
        try (EmbeddedS3 s3 = EmbeddedS3.start(dir, 0); S3Client client = client(s3, s3.secretKey())) {
            assertThat(client.getObjectAsBytes(g -> g.bucket("floe-test").key("objects/1"))
                    .asString(StandardCharsets.UTF_8)).isEqualTo(body);
        }
    }

    @Test
    void rejectsRequestsSignedWithTheWrongSecret() {
        try (EmbeddedS3 s3 = EmbeddedS3.start(dir, 0); S3Client client = client(s3, "not-the-secret")) {
            assertThatThrownBy(() -> client.createBucket(b -> b.bucket("floe-test")))
                    .isInstanceOf(S3Exception.class);
        }
    }

    private static S3Client client(EmbeddedS3 s3, String secret) {
        return S3Client.builder()
                .endpointOverride(s3.endpoint())
                .region(Region.of(s3.region()))
                .forcePathStyle(true)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(s3.accessKey(), secret)))
                .build();
    }
}
