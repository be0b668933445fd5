package dev.llmguard.core.classify;

import dev.llmguard.core.body.ResponseUsage;
import dev.llmguard.core.http.ResponseInfo;
import dev.llmguard.core.ratelimit.RateLimitSnapshot;

/**
 * Everything the guard learns from one response: the quota its headers describe, what it means
 * for retrying, and the tokens it says were used. Immutable and log-safe.
 *
 * <p>{@link #read} is the one place a response is parsed: its rate-limit headers and its error body
 * are each parsed once, and the classification and the server-wait search work on those results.
 */
public final class ResponseFacts {

    private static final ResponseFacts NO_RESPONSE = new ResponseFacts(RateLimitSnapshot.EMPTY,
            Verdict.of(Verdict.Kind.NOT_RETRYABLE, "no response", null, ServerWait.NONE, 0), ResponseUsage.NONE);

    private final RateLimitSnapshot limits;
    private final Verdict verdict;
    private final ResponseUsage usage;

    private ResponseFacts(RateLimitSnapshot limits, Verdict verdict, ResponseUsage usage) {
        this.limits = limits;
        this.verdict = verdict;
        this.usage = usage;
    }

    /**
     * Reads one response; resets and HTTP-dates are made relative to {@code nowEpochMillis}. A null
     * response is NOT_RETRYABLE ({@code no response}) with nothing else known. Never throws.
     */
    public static ResponseFacts read(ResponseInfo response, long nowEpochMillis) {
        if (response == null) {
            return NO_RESPONSE;
        }
        RateLimitSnapshot limits = RateLimitSnapshot.parse(response.headers(), nowEpochMillis);
        ErrorBody body = ErrorBody.parse(response.errorBody());
        Verdict verdict = ResponseClassifier.classify(response, nowEpochMillis, body, limits);
        return new ResponseFacts(limits, verdict, ResponseUsage.of(response.jsonBody()));
    }

    /** What the rate-limit headers say; {@link RateLimitSnapshot#EMPTY} when they say nothing. */
    public RateLimitSnapshot limits() {
        return limits;
    }

    /** What the response means for retrying, with the wait the server asked for. */
    public Verdict verdict() {
        return verdict;
    }

    /**
     * The total tokens a plain JSON success body reports in its usage ({@link ResponseUsage#totalTokens}),
     * or -1 when there is no such body or it reports none.
     */
    public long usedTokens() {
        return usage.totalTokens();
    }

    /** The output tokens the body reports ({@link ResponseUsage#outputTokens}), or -1. */
    public long outputTokens() {
        return usage.outputTokens();
    }

    /** The input tokens the body reports ({@link ResponseUsage#promptTokens}), or -1. */
    public long promptTokens() {
        return usage.promptTokens();
    }

    @Override
    public String toString() {
        return "ResponseFacts[" + verdict + ", " + limits + (usedTokens() >= 0 ? ", usedTokens=" + usedTokens() : "") + "]";
    }
}
