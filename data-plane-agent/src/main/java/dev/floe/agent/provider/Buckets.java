package dev.floe.agent.provider;

/** The cluster's object-storage bucket: the log itself. */
public interface Buckets {

    /** Creates the bucket if missing and (re)applies encryption, public-access block and the orphan lifecycle. */
    BucketInfo ensure(BucketSpec spec);

    /** Empties and removes the bucket; a missing bucket is not an error. */
    void delete(BucketSpec spec);
}
