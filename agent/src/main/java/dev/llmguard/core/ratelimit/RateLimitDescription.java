package dev.llmguard.core.ratelimit;

import dev.llmguard.core.ratelimit.RateLimitSnapshot.Dimension;

/**
 * The log line text of a {@link RateLimitSnapshot}, e.g.
 * {@code requests 0/500 reset 1.2s, tokens 1200/30000 reset 6s}. Only numbers and fixed words
 * reach it, never header text, so it is safe to log.
 */
final class RateLimitDescription {

    private RateLimitDescription() {
    }

    /** What is known ({@code ?} for an unknown limit or remaining); empty when nothing is. */
    static String of(RateLimitSnapshot s) {
        if (s.isEmpty()) {
            return "";
        }
        StringBuilder sb = new StringBuilder(64);
        for (Dimension d : Dimension.values()) {
            if (!s.has(d)) {
                continue;
            }
            long limit = s.limit(d);
            long remaining = s.remaining(d);
            long reset = s.resetMillis(d);
            if (limit < 0 && remaining < 0 && reset < 0) {
                continue;
            }
            if (sb.length() > 0) {
                sb.append(", ");
            }
            sb.append(d.label());
            if (limit >= 0 || remaining >= 0) {
                sb.append(' ');
                appendCount(sb, remaining);
                sb.append('/');
                appendCount(sb, limit);
            }
            if (reset >= 0) {
                sb.append(" reset ");
                appendDuration(sb, reset);
            }
        }
        if (sb.length() == 0 && s.ietfWaitMillis() >= 0) {
            sb.append("wait ");
            appendDuration(sb, s.ietfWaitMillis());
        }
        return sb.toString();
    }

    private static void appendCount(StringBuilder sb, long count) {
        if (count >= 0) {
            sb.append(count);
        } else {
            sb.append('?');
        }
    }

    /**
     * A compact duration: {@code 450ms}, {@code 1.2s}, {@code 6s}, {@code 1m30s}, {@code 4h43m36s},
     * {@code 1d1h0m0s}; {@code millis} is not negative.
     */
    static void appendDuration(StringBuilder sb, long millis) {
        if (millis < 1000) {
            sb.append(millis).append("ms");
        } else if (millis < 60000) {
            sb.append(millis / 1000);
            int frac = (int) (millis % 1000);
            if (frac != 0) {
                sb.append('.');
                if (frac < 100) {
                    sb.append('0');
                }
                if (frac < 10) {
                    sb.append('0');
                }
                while (frac % 10 == 0) {
                    frac /= 10;
                }
                sb.append(frac);
            }
            sb.append('s');
        } else {
            long seconds = millis / 1000;
            long days = seconds / 86400;
            if (days > 0) {
                sb.append(days).append('d');
            }
            long hours = seconds / 3600 % 24;
            if (hours > 0 || days > 0) {
                sb.append(hours).append('h');
            }
            sb.append(seconds / 60 % 60).append('m').append(seconds % 60).append('s');
        }
    }
}
