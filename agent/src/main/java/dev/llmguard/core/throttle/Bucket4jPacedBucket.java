package dev.llmguard.core.throttle;

import io.github.bucket4j.BlockingStrategy;
import io.github.bucket4j.Bucket;
import io.github.bucket4j.BucketConfiguration;
import io.github.bucket4j.TokensInheritanceStrategy;

/** A {@link PacedBucket} over any Bucket4j bucket: a local one, or a proxy of one kept in Redis. */
public final class Bucket4jPacedBucket implements PacedBucket {
    private final Bucket bucket;

    public Bucket4jPacedBucket(Bucket bucket) {
        this.bucket = bucket;
    }

    @Override
    public boolean reserve(long amount, long maxWaitNanos, BlockingStrategy parking) throws InterruptedException {
        return bucket.asBlocking().tryConsume(amount, maxWaitNanos, parking);
    }

    @Override
    public void addTokens(long amount) {
        bucket.addTokens(amount);
    }

    @Override
    public void consumeIgnoringRateLimits(long amount) {
        bucket.consumeIgnoringRateLimits(amount);
    }

    @Override
    public long estimateWaitNanos(long amount) {
        return bucket.estimateAbilityToConsume(amount).getNanosToWaitForRefill();
    }

    @Override
    public long availableTokens() {
        return bucket.getAvailableTokens();
    }

    @Override
    public void drain(long amount) {
        bucket.tryConsumeAsMuchAsPossible(amount);
    }

    @Override
    public void onRateLimited() {
        bucket.tryConsumeAsMuchAsPossible();
    }

    @Override
    public void reconfigure(BucketConfiguration configuration) {
        bucket.replaceConfiguration(configuration, TokensInheritanceStrategy.AS_IS);
    }
}
