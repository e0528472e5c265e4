package dev.floe.broker.objectstore;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4FamilyHttpSigner;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.auth.scheme.S3AuthSchemeProvider;
import software.amazon.awssdk.services.s3.S3ClientBuilder;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.services.s3.model.Delete;
import software.amazon.awssdk.services.s3.model.BucketAlreadyOwnedByYouException;
import software.amazon.awssdk.services.s3.model.NoSuchBucketException;
import software.amazon.awssdk.services.s3.model.ObjectIdentifier;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.S3Object;

import java.net.URI;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The cluster's bucket through the S3 API. Without endpoint and keys it uses AWS's defaults (regional
 * endpoint, instance-profile credentials). Blocking calls: callers run them on storage executors.
 */
public final class ObjectStore implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(ObjectStore.class);
    private final S3Client s3;
    private final String bucket;

    public ObjectStore(String endpoint, String region, String bucket, String accessKey, String secretKey) {
        this.bucket = bucket;
        S3ClientBuilder builder = S3Client.builder()
                .region(Region.of(region))
                // Batches and the object index carry their own CRCs; a second checksum pass costs CPU only.
                .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
                .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED)
                .httpClient(UrlConnectionHttpClient.builder().build());
        if (endpoint != null) {
            // S3-compatible servers (S3Proxy, MinIO) want path-style addressing.
            builder.endpointOverride(URI.create(endpoint)).forcePathStyle(true);
        }
        // Batches and the object index carry CRCs already: sign headers only, in one piece, over HTTP too.
        builder.putAuthScheme(new HeaderOnlySigV4());
        S3AuthSchemeProvider defaults = S3AuthSchemeProvider.defaultProvider();
        builder.authSchemeProvider(params -> defaults.resolveAuthScheme(params).stream()
                .map(option -> option.toBuilder()
                        .putSignerProperty(AwsV4FamilyHttpSigner.PAYLOAD_SIGNING_ENABLED, false)
                        .putSignerProperty(AwsV4FamilyHttpSigner.CHUNK_ENCODING_ENABLED, false)
                        .build())
                .toList());
        builder.credentialsProvider(accessKey != null && secretKey != null
                ? StaticCredentialsProvider.create(AwsBasicCredentials.create(accessKey, secretKey))
                : DefaultCredentialsProvider.builder().build());
        this.s3 = builder.build();
    }

    /** Creates the bucket when it does not exist (dev mode, tests); in AWS the agent creates it. */
    public void ensureBucket() {
        try {
            s3.headBucket(b -> b.bucket(bucket));
        } catch (NoSuchBucketException e) {
            create();
        } catch (S3Exception e) {
            if (e.statusCode() == 404) {
                create();
            } else {
                throw e;
            }
        }
    }

    private void create() {
        log.info("creating bucket {}", bucket);
        try {
            s3.createBucket(b -> b.bucket(bucket));
        } catch (BucketAlreadyOwnedByYouException e) {
            // another broker of the cluster created it a moment ago: that is what we wanted
            log.info("bucket {} was created by another broker meanwhile", bucket);
        }
    }

    /** Uploads the parts as one object, streamed from where they are (no joined copy). Returns the object's size. */
    public long put(String key, List<ByteBuffer> parts) {
        long length = parts.stream().mapToLong(ByteBuffer::remaining).sum();
        s3.putObject(b -> b.bucket(bucket).key(key).contentLength(length),
                RequestBody.fromContentProvider(() -> new BuffersInputStream(parts), length, "application/octet-stream"));
        return length;
    }

    /** Reads {@code length} bytes at {@code position} with a ranged GET. */
    public ByteBuffer get(String key, long position, long length) {
        byte[] bytes = s3.getObjectAsBytes(b -> b.bucket(bucket).key(key)
                .range("bytes=" + position + "-" + (position + length - 1))).asByteArray();
        return ByteBuffer.wrap(bytes);
    }

    public void delete(List<String> keys) {
        if (keys.isEmpty()) {
            return;
        }
        List<ObjectIdentifier> ids = keys.stream().map(k -> ObjectIdentifier.builder().key(k).build()).toList();
        s3.deleteObjects(b -> b.bucket(bucket).delete(Delete.builder().objects(ids).quiet(true).build()));
    }

    public record Listed(String key, long size, Instant lastModified) {
    }

    public List<Listed> list(String prefix, int max) {
        List<Listed> out = new ArrayList<>();
        for (S3Object o : s3.listObjectsV2Paginator(b -> b.bucket(bucket).prefix(prefix)).contents()) {
            out.add(new Listed(o.key(), o.size(), o.lastModified()));
            if (out.size() >= max) {
                break;
            }
        }
        return out;
    }

    @Override
    public void close() {
        s3.close();
    }
}
