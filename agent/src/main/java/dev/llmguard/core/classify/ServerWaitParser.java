package dev.llmguard.core.classify;

import dev.llmguard.core.http.Headers;
import dev.llmguard.core.http.ResponseInfo;
import dev.llmguard.core.ratelimit.DurationText;
import dev.llmguard.core.ratelimit.GoDuration;
import dev.llmguard.core.ratelimit.HttpDate;
import dev.llmguard.core.ratelimit.RateLimitSnapshot;
import dev.llmguard.core.ratelimit.RateLimitSnapshot.Dimension;
import dev.llmguard.core.ratelimit.RateLimitSnapshot.Style;

/**
 * Finds the wait a response asks for. Sources, most trusted first:
 * <ol>
 * <li>{@code retry-after-ms} (Azure, OpenAI SDK convention), then {@code x-ms-retry-after-ms};</li>
 * <li>{@code retry-after}: delta-seconds (a fraction is accepted) or an HTTP-date relative to now;</li>
 * <li>Gemini's {@code RetryInfo.retryDelay} in the error body;</li>
 * <li>IETF draft: the {@code t} of a {@code RateLimit} policy with {@code r=0}, or {@code RateLimit-Reset};</li>
 * <li>only for 429: the reset header of the exhausted dimension (OpenAI {@code x-ratelimit-reset-*},
 *     Anthropic {@code anthropic-ratelimit-*-reset}); the later one when several are exhausted;</li>
 * <li>the error message: {@code Please try again in 1.5s}, {@code Please retry in 35.4s},
 *     {@code Please retry after 2 seconds};</li>
 * <li>only for 429 when no dimension is known to be exhausted: the largest reset present.</li>
 * </ol>
 * A source that is garbage (negative, non-numeric, NaN, overflowing, empty), zero, or a date not in
 * the future is skipped and the next one is tried. Never throws; never negative; at most
 * {@link ServerWait#MAX_MILLIS}.
 */
final class ServerWaitParser {

    private static final String[] MESSAGE_PHRASES = {"try again in ", "retry in ", "retry after "};

    private ServerWaitParser() {
    }

    /** The wait {@code response} asks for, from its already parsed error body and rate-limit headers. */
    static ServerWait parse(ResponseInfo response, long nowEpochMillis, ErrorBody body, RateLimitSnapshot snapshot) {
        Headers h = response.headers();
        long ms = DurationText.decimalMillis(h.get("retry-after-ms"));
        if (ms > 0) {
            return ServerWait.of(ms, "retry-after-ms");
        }
        ms = DurationText.decimalMillis(h.get("x-ms-retry-after-ms"));
        if (ms > 0) {
            return ServerWait.of(ms, "x-ms-retry-after-ms");
        }
        ms = retryAfterMillis(h.get("retry-after"), nowEpochMillis);
        if (ms > 0) {
            return ServerWait.of(ms, "retry-after");
        }
        if (body.retryDelayMillis() > 0) {
            return ServerWait.of(body.retryDelayMillis(), "RetryInfo");
        }
        if (snapshot.ietfWaitMillis() > 0) {
            return ServerWait.of(snapshot.ietfWaitMillis(), "ratelimit");
        }
        boolean is429 = response.status() == 429;
        boolean anyExhausted = false;
        if (is429) {
            Dimension best = null;
            for (Dimension d : Dimension.values()) {
                if (isProvider(snapshot, d) && snapshot.remaining(d) == 0) {
                    anyExhausted = true;
                    long reset = snapshot.resetMillis(d);
                    if (reset > 0 && (best == null || reset > snapshot.resetMillis(best))) {
                        best = d;
                    }
                }
            }
            if (best != null) {
                return ServerWait.of(snapshot.resetMillis(best), snapshot.resetSource(best));
            }
        }
        ms = messageWaitMillis(body.message());
        if (ms > 0) {
            return ServerWait.of(ms, "message");
        }
        if (is429 && !anyExhausted) {
            Dimension best = null;
            for (Dimension d : Dimension.values()) {
                long reset = snapshot.resetMillis(d);
                if (isProvider(snapshot, d) && reset > 0 && (best == null || reset > snapshot.resetMillis(best))) {
                    best = d;
                }
            }
            if (best != null) {
                return ServerWait.of(snapshot.resetMillis(best), snapshot.resetSource(best));
            }
        }
        return ServerWait.NONE;
    }

    private static boolean isProvider(RateLimitSnapshot s, Dimension d) {
        Style style = s.style(d);
        return style == Style.OPENAI || style == Style.ANTHROPIC;
    }

    /**
     * A {@code Retry-After} value in milliseconds from now: delta-seconds (fractions accepted) or an
     * HTTP-date. -1 for null, garbage, or a date that is not in the future; 0 for {@code 0}.
     */
    private static long retryAfterMillis(String value, long nowEpochMillis) {
        if (value == null) {
            return -1;
        }
        int i = 0;
        while (i < value.length() && value.charAt(i) <= ' ') {
            i++;
        }
        if (i >= value.length()) {
            return -1;
        }
        char c = value.charAt(i);
        if ((c >= '0' && c <= '9') || c == '.') {
            return DurationText.decimalSecondsMillis(value);
        }
        long at = HttpDate.epochMillis(value);
        if (at < 0 || at <= nowEpochMillis) {
            return -1;
        }
        return at - nowEpochMillis;
    }

    /**
     * The wait an error message names: {@code Please try again in 456ms.}, {@code in 1.5s},
     * {@code in 6m0s}, {@code in 1m1.5s}, {@code Please retry in 35.45s.}, {@code retry after 2 seconds}.
     * -1 when it names none.
     */
    private static long messageWaitMillis(String message) {
        if (message == null || message.length() < 10) {
            return -1;
        }
        for (String phrase : MESSAGE_PHRASES) {
            int at = indexOfIgnoreCase(message, phrase, 0);
            while (at >= 0) {
                long ms = durationAt(message, at + phrase.length());
                if (ms >= 0) {
                    return ms;
                }
                at = indexOfIgnoreCase(message, phrase, at + 1);
            }
        }
        return -1;
    }

    /** A Go duration ({@code 1m1.5s}) or a number and a unit word ({@code 2 seconds}) at {@code i}. */
    private static long durationAt(String s, int i) {
        int len = s.length();
        while (i < len && s.charAt(i) == ' ') {
            i++;
        }
        int start = i;
        boolean letters = false;
        while (i < len && isDurationChar(s.charAt(i))) {
            if (s.charAt(i) > '9') {
                letters = true;
            }
            i++;
        }
        int end = i;
        while (end > start && s.charAt(end - 1) == '.') {
            end--; // the sentence's full stop
        }
        if (end == start) {
            return -1;
        }
        if (letters) {
            return GoDuration.millis(s, start, end);
        }
        // a plain number: the unit is the next word
        int w = end;
        while (w < len && s.charAt(w) == ' ') {
            w++;
        }
        long unitSeconds;
        if (s.regionMatches(true, w, "ms", 0, 2) || s.regionMatches(true, w, "milli", 0, 5)) {
            return DurationText.decimalMillis(s.substring(start, end));
        } else if (s.regionMatches(true, w, "s", 0, 1)) {
            unitSeconds = 1;
        } else if (s.regionMatches(true, w, "min", 0, 3)) {
            unitSeconds = 60;
        } else if (s.regionMatches(true, w, "h", 0, 1)) {
            unitSeconds = 3600;
        } else {
            return -1;
        }
        long ms = DurationText.decimalSecondsMillis(s.substring(start, end));
        if (ms < 0 || ms > Long.MAX_VALUE / unitSeconds) {
            return -1;
        }
        return ms * unitSeconds;
    }

    private static boolean isDurationChar(char c) {
        return (c >= '0' && c <= '9') || c == '.' || c == 'h' || c == 'm' || c == 's' || c == 'u' || c == 'n'
                || c == '\u00b5' || c == '\u03bc';
    }

    static int indexOfIgnoreCase(String s, String phrase, int from) {
        int max = s.length() - phrase.length();
        char first = phrase.charAt(0);
        for (int i = from; i <= max; i++) {
            char c = s.charAt(i);
            if ((c == first || Character.toLowerCase(c) == first) && s.regionMatches(true, i, phrase, 0, phrase.length())) {
                return i;
            }
        }
        return -1;
    }
}
