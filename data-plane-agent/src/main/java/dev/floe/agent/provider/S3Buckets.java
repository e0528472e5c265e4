package dev.floe.agent.provider;

import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.BucketAlreadyOwnedByYouException;
import software.amazon.awssdk.services.s3.model.BucketLocationConstraint;
import software.amazon.awssdk.services.s3.model.ExpirationStatus;
import software.amazon.awssdk.services.s3.model.NoSuchBucketException;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.S3Object;
import software.amazon.awssdk.services.s3.model.ServerSideEncryption;
import software.amazon.awssdk.services.s3.model.Tag;

/**
 * Buckets through the S3 API, shared by both providers: create if missing, then (re)apply default encryption,
 * a full public-access block, a lifecycle rule that expires orphaned uploads, and tags. Every call is idempotent.
 * A server that does not implement one of the settings (the local S3 server) is tolerated when {@code lenient}.
 */
public final class S3Buckets implements Buckets {

    private static final Logger log = LoggerFactory.getLogger(S3Buckets.class);

    private final S3Client s3;
    private final String region;
    private final String endpoint;
    private final boolean lenient;

    public S3Buckets(S3Client s3, String region, String endpoint, boolean lenient) {
        this.s3 = s3;
        this.region = region;
        this.endpoint = endpoint;
        this.lenient = lenient;
    }

    @Override
    public BucketInfo ensure(BucketSpec spec) {
        String bucket = spec.name();
        if (!exists(bucket)) {
            try {
                s3.createBucket(b -> {
                    b.bucket(bucket);
                    if (!"us-east-1".equals(region)) {
                        b.createBucketConfiguration(c -> c.locationConstraint(BucketLocationConstraint.fromValue(region)));
                    }
                });
            } catch (BucketAlreadyOwnedByYouException e) {
                // created by an earlier run that died before recording it: that is the goal
            }
        }
        setting(bucket, "encryption", () -> s3.putBucketEncryption(b -> b.bucket(bucket)
                .serverSideEncryptionConfiguration(c -> c.rules(r -> r.applyServerSideEncryptionByDefault(
                        d -> d.sseAlgorithm(ServerSideEncryption.AES256)).bucketKeyEnabled(true)))));
        setting(bucket, "public access block", () -> s3.putPublicAccessBlock(b -> b.bucket(bucket)
                .publicAccessBlockConfiguration(c -> c.blockPublicAcls(true).blockPublicPolicy(true)
                        .ignorePublicAcls(true).restrictPublicBuckets(true))));
        setting(bucket, "lifecycle", () -> s3.putBucketLifecycleConfiguration(b -> b.bucket(bucket)
                .lifecycleConfiguration(c -> c.rules(r -> r.id("floe-expire-orphans")
                        .status(ExpirationStatus.ENABLED)
                        .filter(f -> f.prefix(BucketSpec.ORPHAN_PREFIX))
                        .expiration(e -> e.days(spec.orphanExpirationDays()))
                        .abortIncompleteMultipartUpload(a -> a.daysAfterInitiation(1))))));
        setting(bucket, "tags", () -> s3.putBucketTagging(b -> b.bucket(bucket).tagging(t -> t.tagSet(tags(spec.tags())))));
        return new BucketInfo(bucket, endpoint, region);
    }

    @Override
    public void delete(BucketSpec spec) {
        String bucket = spec.name();
        try {
            // A bucket must be empty to go; list and delete in bounded pages (one object per call keeps
            // it working with servers that lack multi-object delete).
            for (int page = 0; page < 10_000; page++) {
                List<S3Object> objects = s3.listObjectsV2(l -> l.bucket(bucket).maxKeys(1000)).contents();
                if (objects.isEmpty()) {
                    break;
                }
                for (S3Object object : objects) {
                    s3.deleteObject(d -> d.bucket(bucket).key(object.key()));
                }
            }
            s3.deleteBucket(d -> d.bucket(bucket));
        } catch (NoSuchBucketException e) {
            // already gone
        } catch (S3Exception e) {
            if (e.statusCode() != 404) {
                throw e;
            }
        }
    }

    public boolean exists(String bucket) {
        try {
            s3.headBucket(h -> h.bucket(bucket));
            return true;
        } catch (NoSuchBucketException e) {
            return false;
        } catch (S3Exception e) {
            if (e.statusCode() == 404) {
                return false;
            }
            throw e;
        }
    }

    private void setting(String bucket, String what, Runnable call) {
        try {
            call.run();
        } catch (S3Exception e) {
            if (lenient && (e.statusCode() == 501 || e.statusCode() == 400 || e.statusCode() == 405)) {
                log.debug("bucket {}: server does not support {} ({})", bucket, what, e.getMessage());
                return;
            }
            throw e;
        }
    }

    private static List<Tag> tags(Map<String, String> tags) {
        return tags.entrySet().stream().map(e -> Tag.builder().key(e.getKey()).value(e.getValue()).build()).toList();
    }
}
