package dev.llmguard.core.resilience;

import java.util.concurrent.TimeUnit;

/**
 * How many retries one host may still be sent: at most a share of the calls sent to it in the last
 * ten seconds, plus a small floor per window so that a caller with little traffic can still retry a
 * short blip (Finagle's and Envoy's retry budgets, gRPC's retry throttling). In a sustained outage
 * every call fails at once and the share caps what the host receives per call near 1 + share; a
 * blip in steady traffic is absorbed, because the calls of the seconds before it earned the retries.
 *
 * <p>Counts live in ten one-second slots, so the window slides in one-second steps; time is passed
 * in ({@code System.nanoTime()} in use, any number in tests). Thread-safe.
 */
public final class RetryBudget {
    static final int SLOTS = 10;
    static final long SLOT_NANOS = TimeUnit.SECONDS.toNanos(1);
    public static final long WINDOW_MILLIS = SLOTS * TimeUnit.NANOSECONDS.toMillis(SLOT_NANOS);

    private final int percent;
    private final int minRetries;
    private final long[] slotEpochs = new long[SLOTS];
    private final int[] calls = new int[SLOTS];
    private final int[] retries = new int[SLOTS];

    /**
     * @param percent    retries allowed per 100 calls in the window
     * @param minRetries retries allowed in the window whatever the calls
     */
    public RetryBudget(int percent, int minRetries) {
        this.percent = percent;
        this.minRetries = minRetries;
        java.util.Arrays.fill(slotEpochs, Long.MIN_VALUE);
    }

    /** A call's first attempt goes out: it earns the host a share of a retry. */
    public synchronized void callSent(long nowNanos) {
        calls[slot(nowNanos)]++;
    }

    /** Takes one retry from the budget when one is left; false (and nothing taken) when it is spent. */
    public synchronized boolean tryRetry(long nowNanos) {
        int slot = slot(nowNanos);
        if (retriesInWindow(nowNanos) >= allowedInWindow(nowNanos)) {
            return false;
        }
        retries[slot]++;
        return true;
    }

    /** Retries the client made on its own inside one attempt: already sent, so counted without asking. */
    public synchronized void retriesMade(int count, long nowNanos) {
        retries[slot(nowNanos)] += Math.max(0, count);
    }

    /** For the give-up line: what was spent of what. */
    public synchronized String describe(long nowNanos) {
        slot(nowNanos);
        return retriesInWindow(nowNanos) + " retries in the last " + SLOTS + " s, the most allowed for "
                + callsInWindow(nowNanos) + " calls (" + percent + "% + " + minRetries
                + "; llmguard.retry.budget-percent, llmguard.retry.budget-min-retries)";
    }

    private long allowedInWindow(long nowNanos) {
        return minRetries + callsInWindow(nowNanos) * (long) percent / 100;
    }

    private long callsInWindow(long nowNanos) {
        return sum(calls, nowNanos);
    }

    private long retriesInWindow(long nowNanos) {
        return sum(retries, nowNanos);
    }

    private long sum(int[] counts, long nowNanos) {
        long epoch = epoch(nowNanos);
        long total = 0;
        for (int i = 0; i < SLOTS; i++) {
            if (slotEpochs[i] > epoch - SLOTS && slotEpochs[i] <= epoch) {
                total += counts[i];
            }
        }
        return total;
    }

    /** The slot of this second, emptied first when it last held a second that has left the window. */
    private int slot(long nowNanos) {
        long epoch = epoch(nowNanos);
        int i = (int) Math.floorMod(epoch, (long) SLOTS);
        if (slotEpochs[i] != epoch) {
            slotEpochs[i] = epoch;
            calls[i] = 0;
            retries[i] = 0;
        }
        return i;
    }

    private static long epoch(long nowNanos) {
        return Math.floorDiv(nowNanos, SLOT_NANOS);
    }
}
