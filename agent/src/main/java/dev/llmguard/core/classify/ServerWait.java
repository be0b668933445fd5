package dev.llmguard.core.classify;

/**
 * A wait the server asked for, and where it said so. Immutable. {@link #NONE} when the response
 * named no usable wait; then the caller's own backoff applies.
 */
public final class ServerWait {

    /** The longest wait kept: larger values are clamped to this (365 days). */
    public static final long MAX_MILLIS = 365L * 24 * 60 * 60 * 1000;

    /** No known wait: {@code millis() == 0}, {@code source() == "none"}, {@code isKnown() == false}. */
    public static final ServerWait NONE = new ServerWait(0, "none");

    private final long millis;
    private final String source;

    private ServerWait(long millis, String source) {
        this.millis = millis;
        this.source = source;
    }

    /**
     * A known wait of {@code millis} (clamped to {@link #MAX_MILLIS}) from {@code source}, e.g.
     * {@code "retry-after"}. Zero, a negative value or a null source give {@link #NONE}: a server
     * saying "retry now" must not cause a zero-wait retry storm.
     */
    public static ServerWait of(long millis, String source) {
        if (millis <= 0 || source == null) {
            return NONE;
        }
        return new ServerWait(Math.min(millis, MAX_MILLIS), source);
    }

    /** The wait in milliseconds, >= 0 (0 only for {@link #NONE}). */
    public long millis() {
        return millis;
    }

    /**
     * Where the wait came from: {@code retry-after-ms}, {@code x-ms-retry-after-ms}, {@code retry-after},
     * {@code RetryInfo}, {@code ratelimit}, {@code x-ratelimit-reset-requests}, {@code x-ratelimit-reset-tokens},
     * {@code anthropic-ratelimit-{requests,tokens,input-tokens,output-tokens}-reset}, {@code message};
     * {@code none} for {@link #NONE}.
     */
    public String source() {
        return source;
    }

    public boolean isKnown() {
        return millis > 0;
    }

    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof ServerWait)) {
            return false;
        }
        ServerWait w = (ServerWait) o;
        return millis == w.millis && source.equals(w.source);
    }

    @Override
    public int hashCode() {
        return (int) (millis ^ (millis >>> 32)) * 31 + source.hashCode();
    }

    @Override
    public String toString() {
        return isKnown() ? "ServerWait[" + millis + "ms from " + source + "]" : "ServerWait[none]";
    }
}
