package dev.llmguard.core.classify;

import dev.llmguard.core.http.ResponseInfo;
import dev.llmguard.core.ratelimit.RateLimitSnapshot;
import dev.llmguard.core.ratelimit.RateLimitSnapshot.Dimension;

import java.util.List;

/**
 * Decides what a response means for retrying, from its status, headers and error body. In order:
 * <ol>
 * <li>1xx-3xx: SUCCESS (nothing else is read);</li>
 * <li>FUTILE: billing or quota that retrying cannot fix: OpenAI {@code error.type insufficient_quota}
 *     or an {@code error.code} among the billing codes; Anthropic {@code error.details.error_code
 *     enforced_spend_limit_reached}; Gemini RESOURCE_EXHAUSTED with a {@code PerDay} quota id or
 *     {@code limit: 0} in the message;</li>
 * <li>{@code x-should-retry: false}: NOT_RETRYABLE; {@code x-should-retry: true}: RETRYABLE (any status >= 400);</li>
 * <li>OpenAI's 429 "Request too large" (the request alone exceeds the per-minute limit): NOT_RETRYABLE;</li>
 * <li>408, 429, 500, 502, 503, 504, 529: RETRYABLE; anything else: NOT_RETRYABLE.</li>
 * </ol>
 * The wait always comes from {@link ServerWaitParser}. Never throws. {@link ResponseFacts#read} is
 * the way in: it parses the body and headers once for this class and the wait parser.
 */
final class ResponseClassifier {

    private static final String[] FUTILE_CODES = {
        "insufficient_quota", "credit_balance_exhausted", "organization_spend_limit_exceeded",
        "project_spend_limit_exceeded", "organization_usage_limit_exceeded",
        "billing_hard_limit_reached", "billing_not_active"};

    private static final Verdict OK_200 = Verdict.of(Verdict.Kind.SUCCESS, "status 200", null, ServerWait.NONE, 200);

    private ResponseClassifier() {
    }

    /** The verdict on {@code response}, from its already parsed error body and rate-limit headers. */
    static Verdict classify(ResponseInfo response, long nowEpochMillis, ErrorBody body, RateLimitSnapshot snapshot) {
        int status = response.status();
        if (status >= 100 && status < 400) {
            return status == 200 ? OK_200 : Verdict.of(Verdict.Kind.SUCCESS, "status " + status, null, ServerWait.NONE, status);
        }
        if (status < 100) {
            return Verdict.of(Verdict.Kind.NOT_RETRYABLE, "status " + status, null, ServerWait.NONE, status);
        }
        ServerWait wait = ServerWaitParser.parse(response, nowEpochMillis, body, snapshot);
        String limitType = limitType(status, body, snapshot);

        String futile = futileReason(status, body);
        if (futile != null) {
            return Verdict.of(Verdict.Kind.FUTILE, futile, limitType, wait, status);
        }
        boolean retryableStatus = isRetryableStatus(status);
        String shouldRetry = response.headers().get("x-should-retry");
        if (shouldRetry != null) {
            shouldRetry = shouldRetry.trim();
            if (shouldRetry.equalsIgnoreCase("false")) {
                return Verdict.of(Verdict.Kind.NOT_RETRYABLE, "x-should-retry: false", limitType, wait, status);
            }
            if (shouldRetry.equalsIgnoreCase("true")) {
                String reason = retryableStatus ? errorReason(status, body) : "x-should-retry: true";
                return Verdict.of(Verdict.Kind.RETRYABLE, reason, limitType, wait, status);
            }
        }
        if (status == 429 && isRequestTooLarge(body)) {
            return Verdict.of(Verdict.Kind.NOT_RETRYABLE, "request too large", limitType, wait, status);
        }
        if (retryableStatus) {
            return Verdict.of(Verdict.Kind.RETRYABLE, errorReason(status, body), limitType, wait, status);
        }
        return Verdict.of(Verdict.Kind.NOT_RETRYABLE, "status " + status, limitType, wait, status);
    }

    /** 408, 429, 500, 502, 503, 504 and Anthropic's 529 (overloaded). */
    private static boolean isRetryableStatus(int status) {
        switch (status) {
            case 408:
            case 429:
            case 500:
            case 502:
            case 503:
            case 504:
            case 529:
                return true;
            default:
                return false;
        }
    }

    private static String futileReason(int status, ErrorBody body) {
        String type = body.type();
        String code = body.code();
        if ("insufficient_quota".equals(type)) {
            return isFutileCode(code) ? code : "insufficient_quota";
        }
        if (isFutileCode(code)) {
            return code;
        }
        if ("enforced_spend_limit_reached".equals(body.detailsErrorCode())) {
            return "enforced_spend_limit_reached";
        }
        if (status == 429 || "RESOURCE_EXHAUSTED".equals(body.status())) {
            List<String> ids = body.quotaIds();
            for (int i = 0; i < ids.size(); i++) {
                if (ids.get(i).contains("PerDay")) {
                    return Verdict.PER_DAY;
                }
            }
            if (saysLimitZero(body.message())) {
                return Verdict.LIMIT_ZERO;
            }
        }
        return null;
    }

    private static boolean isFutileCode(String code) {
        if (code == null) {
            return false;
        }
        for (String c : FUTILE_CODES) {
            if (c.equals(code)) {
                return true;
            }
        }
        return false;
    }

    /** Gemini: "Quota exceeded for metric: ..., limit: 0, model: ..." (a quota of zero on this tier). */
    private static boolean saysLimitZero(String message) {
        if (message == null) {
            return false;
        }
        int at = message.indexOf("limit: 0");
        while (at >= 0) {
            int after = at + 8;
            if (after >= message.length()) {
                return true;
            }
            char c = message.charAt(after);
            if (!(c >= '0' && c <= '9') && !(c == '.' && after + 1 < message.length()
                    && Character.isDigit(message.charAt(after + 1)))) {
                return true;
            }
            at = message.indexOf("limit: 0", after);
        }
        return false;
    }

    /** OpenAI: "Request too large for gpt-4o in organization ... on tokens per min (TPM): Limit 30000, Requested 50000." */
    private static boolean isRequestTooLarge(ErrorBody body) {
        String m = body.message();
        return m != null && m.regionMatches(true, 0, "Request too large", 0, 17);
    }

    /** The provider's code (unless it is only a number), else its type or status, else {@code status N}. */
    private static String errorReason(int status, ErrorBody body) {
        String code = body.code();
        if (code != null && !isNumber(code)) {
            return code;
        }
        if (body.type() != null) {
            return body.type();
        }
        if (body.status() != null) {
            return body.status();
        }
        return "status " + status;
    }

    private static boolean isNumber(String s) {
        for (int i = 0; i < s.length(); i++) {
            if (s.charAt(i) < '0' || s.charAt(i) > '9') {
                return false;
            }
        }
        return true;
    }

    /**
     * Which limit was hit: OpenAI's {@code error.type} ({@code requests}, {@code tokens}); Gemini's quota
     * id; the message ("on tokens per min", "input tokens per minute"); for a 429, the exhausted header.
     */
    private static String limitType(int status, ErrorBody body, RateLimitSnapshot snapshot) {
        String fromType = normalise(body.type());
        if (fromType != null) {
            return fromType;
        }
        List<String> ids = body.quotaIds();
        for (int i = 0; i < ids.size(); i++) {
            String id = ids.get(i);
            if (id.contains("InputTokens")) {
                return "input-tokens";
            } else if (id.contains("OutputTokens")) {
                return "output-tokens";
            } else if (id.contains("Tokens")) {
                return "tokens";
            } else if (id.contains("Requests")) {
                return "requests";
            }
        }
        String m = body.message();
        if (m != null) {
            if (ServerWaitParser.indexOfIgnoreCase(m, "input tokens per", 0) >= 0) {
                return "input-tokens";
            }
            if (ServerWaitParser.indexOfIgnoreCase(m, "output tokens per", 0) >= 0) {
                return "output-tokens";
            }
            if (ServerWaitParser.indexOfIgnoreCase(m, "tokens per", 0) >= 0) {
                return "tokens";
            }
            if (ServerWaitParser.indexOfIgnoreCase(m, "requests per", 0) >= 0) {
                return "requests";
            }
        }
        if (status == 429) {
            Dimension d = snapshot.exhausted();
            if (d != null) {
                return d.label();
            }
        }
        return null;
    }

    private static String normalise(String type) {
        if (type == null) {
            return null;
        }
        if (type.equals("requests") || type.equals("tokens")) {
            return type;
        }
        if (type.equals("input-tokens") || type.equals("input_tokens")) {
            return "input-tokens";
        }
        if (type.equals("output-tokens") || type.equals("output_tokens")) {
            return "output-tokens";
        }
        return null;
    }
}
