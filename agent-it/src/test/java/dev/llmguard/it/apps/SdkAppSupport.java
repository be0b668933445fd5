package dev.llmguard.it.apps;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;

/**
 * What the SDK apps share: key=value arguments and one output line per call, which the tests read:
 * {@code CALL i ok ms=12 id=... text=...} or {@code CALL i error=RateLimitException ms=3 status=429 request-id=req_3}.
 */
final class SdkAppSupport {
    private SdkAppSupport() {
    }

    static Map<String, String> parse(String[] args) {
        Map<String, String> m = new LinkedHashMap<>();
        for (String arg : args) {
            int eq = arg.indexOf('=');
            m.put(arg.substring(0, eq), arg.substring(eq + 1));
        }
        return m;
    }

    /** The exception the application's own handler would catch: futures' wrappers removed. */
    static Throwable unwrap(Throwable t) {
        while ((t instanceof ExecutionException || t instanceof CompletionException) && t.getCause() != null) {
            t = t.getCause();
        }
        return t;
    }

    static String ok(int n, long startNanos, String details) {
        return "CALL " + n + " ok ms=" + millisSince(startNanos) + " " + details;
    }

    /** {@code status} and {@code requestIds} are null for a failure without a response. */
    static String error(int n, long startNanos, Throwable t, Integer status, List<String> requestIds, String more) {
        StringBuilder sb = new StringBuilder("CALL ").append(n).append(" error=").append(t.getClass().getSimpleName())
                .append(" ms=").append(millisSince(startNanos));
        if (status != null) {
            sb.append(" status=").append(status);
        }
        if (requestIds != null) {
            sb.append(" request-id=").append(requestIds.isEmpty() ? "none" : requestIds.get(0));
        }
        if (more != null) {
            sb.append(' ').append(more);
        }
        return sb.toString().replace('\n', ' ');
    }

    static long millisSince(long startNanos) {
        return (System.nanoTime() - startNanos) / 1_000_000;
    }
}
