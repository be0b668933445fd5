package dev.llmguard.core.retry;

import dev.llmguard.config.RetryConfig;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Exponential backoff with full jitter: the n-th retry waits uniform(0, min(cap, base * 2^(n-1))).
 * Full jitter spreads competing clients best and does the least total work (AWS backoff study).
 */
public final class Backoff {
    private final long baseMillis;
    private final long capMillis;

    /** The base is llmguard.retry.base-delay, the cap llmguard.retry.max-delay (checked there: neither negative). */
    public Backoff(RetryConfig retry) {
        this.baseMillis = retry.baseDelayMillis();
        this.capMillis = retry.maxDelayMillis();
    }

    /** The ceiling of the n-th retry's wait (retry 1 is the first retry). */
    public long ceilingMillis(int retry) {
        int shift = Math.max(0, Math.min(retry - 1, 40)); // 2^40 * base overflows nothing and exceeds any cap
        long exp = baseMillis << shift;
        if (exp < 0 || (shift > 0 && (exp >> shift) != baseMillis)) {
            exp = Long.MAX_VALUE;
        }
        return Math.min(capMillis, exp);
    }

    /** A random wait for the n-th retry. */
    public long delayMillis(int retry) {
        long ceiling = ceilingMillis(retry);
        return ceiling <= 0 ? 0 : ThreadLocalRandom.current().nextLong(ceiling + 1);
    }
}
