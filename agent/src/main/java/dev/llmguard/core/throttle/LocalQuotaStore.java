package dev.llmguard.core.throttle;

import io.github.bucket4j.Bandwidth;
import io.github.bucket4j.Bucket;
import io.github.bucket4j.BucketConfiguration;
import io.github.bucket4j.local.LocalBucketBuilder;

/** Quota state in this JVM only: nothing to share. */
public final class LocalQuotaStore implements QuotaStore {
    public static final LocalQuotaStore INSTANCE = new LocalQuotaStore();

    @Override
    public PacedBucket bucket(QuotaKey key, String dimension, BucketConfiguration configuration) {
        return new Bucket4jPacedBucket(localBucket(configuration));
    }

    public static Bucket localBucket(BucketConfiguration configuration) {
        LocalBucketBuilder b = Bucket.builder();
        for (Bandwidth bandwidth : configuration.getBandwidths()) {
            b.addLimit(bandwidth);
        }
        return b.build();
    }
}
