package dev.llmguard.core.throttle;

/**
 * This JVM's share of the requests everyone on an API key sends, told by the fall of the
 * provider's remaining count: between two responses the key spent what the count fell by plus what
 * the provider refilled meanwhile, and this JVM knows what it sent itself. JVMs that share a key
 * but no Redis pace each at its share of the limit, so together they stay below it before 429s
 * have to tell them.
 *
 * <p>Both spends are summed with weights halving every {@link #HALF_LIFE_NANOS}, so the share
 * follows changes in the fleet within seconds while one response's rounding hardly moves it (the
 * count's falls add up: only the first and the last count matter over a run). A count of 0 says
 * nothing of how far below the limit the key went, so such responses are not used.
 *
 * <p>Responses are used in the order their requests were sent: one overtaken by a later request's
 * response is skipped (the later one covers its interval). Not thread-safe: {@link QuotaPacing}
 * calls it under its lock.
 */
final class SpendShare {
    static final long HALF_LIFE_NANOS = 4_000_000_000L;
    /**
     * At most this many times this JVM's own first requests below full at the first count, the
     * key's bucket was full just before: a fleet starting together, whose first requests tell how
     * many there are. Further below, others (or an earlier run of this service) spent it at some
     * time before: that says nothing of their rate now.
     */
    private static final long FRESH_DEPLETION_FACTOR = 8;
    /** The smallest share paced at, so a JVM that has hardly sent yet still gets requests out. */
    static final double FLOOR = 0.02;
    /** Own sends not yet matched by a response are kept up to this many (a hung provider must not fill the heap). */
    private static final int MAX_PENDING = 4096;

    /** Send times not yet matched by a response, a ring grown on demand (most quotas have few in flight). */
    private long[] sentAt = new long[16];
    private int head;
    private int size;

    private long lastAt;
    private long lastRemaining = -1;
    private double own;
    private double fleet;
    private long decayedAt;

    /** This JVM sent a request at {@code nowNanos} (called in the order of sending). */
    void sent(long nowNanos) {
        if (size == sentAt.length) {
            if (size == MAX_PENDING) {
                head = (head + 1) % size;
                size--;
            } else {
                long[] grown = new long[size * 2];
                for (int i = 0; i < size; i++) {
                    grown[i] = sentAt[(head + i) % size];
                }
                sentAt = grown;
                head = 0;
            }
        }
        sentAt[(head + size) % sentAt.length] = nowNanos;
        size++;
    }

    /**
     * A response to the request sent at {@code sentAtNanos} says {@code remaining} of a limit of
     * {@code perMinute} is left.
     */
    void observe(long sentAtNanos, long remaining, long perMinute) {
        if (remaining < 0 || perMinute <= 0 || lastRemaining >= 0 && sentAtNanos <= lastAt) {
            return;
        }
        long ownSpend = takeSentUpTo(sentAtNanos);
        if (lastRemaining < 0) {
            decayedAt = sentAtNanos;
            long depletion = perMinute - remaining;
            if (ownSpend > 0 && depletion <= FRESH_DEPLETION_FACTOR * (ownSpend + size)) {
                // this JVM's requests sent after this one may have reached the provider first and be
                // in its count too (threads race from admission to the socket): only a fall beyond
                // all this JVM has sent tells of others
                own = ownSpend;
                fleet = Math.max(ownSpend, depletion - size);
            }
        } else if (remaining > 0) {
            decayTo(sentAtNanos);
            own += ownSpend;
            if (lastRemaining >= perMinute - 1 || remaining >= perMinute - 1) {
                // the key's bucket was full: the refill beyond full was never there to spend, so how
                // much the others spent is not told. The key has room to spare: the interval counts as
                // this JVM's alone, so its share grows into the room (if the others take it too, the
                // count falls below full and tells their spend again)
                fleet += ownSpend;
            } else {
                // between two counts below full the bucket refilled all along (were it full between
                // them, the spend came in one burst after it, which even spacing makes unlikely). Not
                // clipped at ownSpend: the count is whole, so one interval's fall may look short by one
                // and the next's long by one; summed, the roundings cancel
                fleet += lastRemaining - remaining + perMinute * ((sentAtNanos - lastAt) / 60e9);
            }
        }
        lastAt = sentAtNanos;
        lastRemaining = remaining;
    }

    /** This JVM's share of the key's spend, from {@link #FLOOR} to 1; 1 until known. */
    double share() {
        if (own <= 0) {
            return 1.0;
        }
        return Math.max(FLOOR, Math.min(1.0, own / Math.max(own, fleet)));
    }

    private void decayTo(long nowNanos) {
        if (nowNanos > decayedAt) {
            double keep = Math.pow(0.5, (nowNanos - decayedAt) / (double) HALF_LIFE_NANOS);
            own *= keep;
            fleet *= keep;
            decayedAt = nowNanos;
        }
    }

    /** How many requests this JVM sent up to and including {@code nowNanos}, taken off the pending sends. */
    private long takeSentUpTo(long nowNanos) {
        long taken = 0;
        while (size > 0 && sentAt[head] - nowNanos <= 0) {
            taken++;
            head = (head + 1) % sentAt.length;
            size--;
        }
        return taken;
    }
}
