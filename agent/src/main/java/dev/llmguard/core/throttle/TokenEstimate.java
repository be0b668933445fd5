package dev.llmguard.core.throttle;

/**
 * What a request is expected to cost in tokens before the provider has counted them: its prompt,
 * estimated from the characters it sends, and the most output it may produce. The quota corrects
 * the prompt part by how its provider's tokenizer has been counting ({@link TokenCalibration}).
 */
public final class TokenEstimate {
    /** No body read: nothing to charge in tokens. */
    public static final TokenEstimate NONE = new TokenEstimate(0, 0);

    private final long promptTokens;
    private final long outputTokens;

    private TokenEstimate(long promptTokens, long outputTokens) {
        this.promptTokens = promptTokens;
        this.outputTokens = outputTokens;
    }

    /** Negative counts are taken as 0. */
    public static TokenEstimate of(long promptTokens, long outputTokens) {
        return new TokenEstimate(Math.max(0, promptTokens), Math.max(0, outputTokens));
    }

    public long promptTokens() {
        return promptTokens;
    }

    public long outputTokens() {
        return outputTokens;
    }

    /** Both parts, saturating at Long.MAX_VALUE. */
    public long total() {
        return outputTokens > Long.MAX_VALUE - promptTokens ? Long.MAX_VALUE : promptTokens + outputTokens;
    }

    @Override
    public String toString() {
        return "TokenEstimate[prompt=" + promptTokens + ", output=" + outputTokens + "]";
    }
}
