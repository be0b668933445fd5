package dev.llmguard.core.events;

import dev.llmguard.core.classify.Verdict;
import dev.llmguard.core.events.RequestLabel;
import dev.llmguard.core.http.Headers;
import dev.llmguard.config.Limits;
import dev.llmguard.core.resilience.CircuitBreaker;
import dev.llmguard.core.resilience.CircuitListener;
import dev.llmguard.core.resilience.CircuitState;
import dev.llmguard.core.throttle.Admission;
import dev.llmguard.core.throttle.Quota;
import dev.llmguard.core.throttle.QuotaListener;
import dev.llmguard.core.throttle.QuotaKey;
import dev.llmguard.log.GuardLog;
import dev.llmguard.log.LogFields;
import dev.llmguard.core.metrics.BudgetAlerts;
import dev.llmguard.core.metrics.QuotaStats;
import java.io.IOException;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * One line per event worth a person's attention: what happened, to which request, which limit,
 * how long the guard waits and why. Lines name the request by method, host, path and model only:
 * never a header value other than rate-limit figures and the request id, never a body.
 */
public final class GuardEvents implements QuotaListener, BudgetAlerts.Listener, CircuitListener {
    private static final String[] REQUEST_ID_HEADERS = {"x-request-id", "request-id", "apim-request-id", "x-ms-request-id"};

    private final GuardLog log;
    private final AtomicBoolean unknownPriorityReported = new AtomicBoolean();

    public GuardEvents(GuardLog log) {
        this.log = log;
    }

    public void retrying(RequestLabel label, Outcome outcome, int attempt, int max, long waitMillis, String source, boolean observeOnly) {
        boolean rateLimited = outcome.response().status() == 429;
        if (!rateLimited && !log.isInfoEnabled()) {
            return;
        }
        StringBuilder sb = head(rateLimited ? "rate limited" : "server error", outcome, label);
        sb.append("; attempt ").append(attempt).append(" of ").append(max)
                .append(observeOnly ? ", would retry in " : ", retrying in ").append(seconds(waitMillis))
                .append(" (").append(source).append(')');
        if (observeOnly) {
            sb.append(" [observe mode: not retried]");
        }
        tail(sb, outcome);
        LogFields f = fields(rateLimited ? "rate_limited" : "server_error", outcome, label).put("attempt", attempt)
                .put("max_attempts", max).put("wait_ms", waitMillis).put("wait_source", source).put("observe_only", observeOnly);
        if (rateLimited) {
            log.warn(sb.toString(), f);
        } else {
            log.info(sb.toString(), f);
        }
    }

    public void gaveUp(RequestLabel label, Outcome outcome, int attempt, int max, String why) {
        StringBuilder sb = head("giving up", outcome, label);
        sb.append("; attempt ").append(attempt).append(" of ").append(max).append(": ").append(why)
                .append("; the application gets the ").append(outcome.response().status()).append(" response");
        tail(sb, outcome);
        log.warn(sb.toString(), fields("gave_up", outcome, label).put("attempt", attempt).put("max_attempts", max).put("why", why));
    }

    public void futile(RequestLabel label, Outcome outcome) {
        StringBuilder sb = head("quota exhausted", outcome, label);
        sb.append(": the account's quota or budget is exhausted and retrying cannot help; not retried");
        tail(sb, outcome);
        log.error(sb.toString(), fields("quota_exhausted", outcome, label));
    }

    public void notRetryable(RequestLabel label, Outcome outcome, int attempt) {
        StringBuilder sb = head("not retried", outcome, label);
        sb.append("; attempt ").append(attempt).append(": the request itself was refused");
        tail(sb, outcome);
        LogFields f = fields("not_retried", outcome, label).put("attempt", attempt);
        if (outcome.response().status() == 429) {
            log.warn(sb.toString(), f);
        } else {
            log.info(sb.toString(), f);
        }
    }

    /** A call goes on with another model (llmguard.fallback.models): one line per switch. */
    public void fellBack(RequestLabel label, String fallbackModel, String why) {
        log.warn("falling back to model " + fallbackModel + ": " + label + "; " + why
                + "; the next attempt goes out for " + fallbackModel + " (x-llm-guard-model: " + fallbackModel + ")",
                label.fields("fell_back").put("fallback_model", fallbackModel).put("why", why));
    }

    /** A request named a priority the guard does not know: said once, then ignored like any other. */
    public void unknownPriority(String value) {
        if (unknownPriorityReported.compareAndSet(false, true)) {
            String shown = value.length() > 40 ? value.substring(0, 40) + "..." : value;
            log.warn("a request's x-llm-guard-priority is \"" + shown + "\": expected interactive or background;"
                    + " such requests get llmguard.priority.default (said once)", LogFields.event("unknown_priority"));
        }
    }

    /** Why a quota refused an admission, for the refusal's line and a fallback's. */
    /** @param bound the wait's bound as the line names it: {@code llmguard.throttle.max-wait (30 s)} */
    public static String refusalWhy(Admission admission, String bound) {
        return "waiting for " + admission.refusalReason() + " would take " + seconds(admission.refusalWaitMillis())
                + ", more than " + bound + " or the call's timeout";
    }

    public void refused(RequestLabel label, Admission admission, String bound, long maxWaitMillis) {
        log.warn("refused locally (429): " + label + "; " + refusalWhy(admission, bound)
                + "; the application gets a local 429 with Retry-After",
                label.fields("refused").put("wait_ms", admission.refusalWaitMillis()).put("wait_source", admission.refusalReason())
                        .put("max_wait_ms", maxWaitMillis));
    }

    @Override
    public void limitsLearned(Quota quota, Limits learned, Limits effective) {
        log.info("quota " + quota.key() + ": learned limits " + learned + " from the provider's headers; pacing below "
                + effective, quotaFields("limits_learned", quota.key()).put("limits", effective.toString()));
    }

    @Override
    public void tokensCalibrated(Quota quota, double factor, int samples) {
        log.debug("quota " + quota.key() + ": the provider counts " + String.format(Locale.ROOT, "%.2f", factor)
                        + " prompt tokens per estimated one (4 characters), from " + samples + (samples == 1 ? " response" : " responses")
                        + "; token estimates corrected",
                quotaFields("tokens_calibrated", quota.key()).put("token_factor", factor));
    }

    @Override
    public void shareChanged(Quota quota, double share) {
        String line = "quota " + quota.key() + ": this JVM sends " + Math.round(share * 100) + "% of the key's requests,"
                + " told by the provider's remaining counts; paced at that share of the limits"
                + (share < 1.0 ? " (other clients draw on the same key; llmguard.redis.url shares the quota exactly)" : "");
        LogFields f = quotaFields("share_changed", quota.key()).put("key_share", share);
        if (share < 0.9 && !quota.reportedShare()) {
            log.info(line, f);
        } else {
            log.debug(line, f);
        }
    }

    @Override
    public void paceChanged(Quota quota, double factor) {
        String line = "quota " + quota.key() + ": pacing at " + Math.round(factor * 100) + "% of its limits"
                + (factor < 1.0 ? " after 429s that came despite pacing (another client draws on the same quota?"
                        + " share it through llmguard.redis.url); rising again while requests succeed" : " again");
        LogFields f = quotaFields("pace_changed", quota.key()).put("pace_factor", factor);
        if (factor < 1.0 && factor <= 0.5 && !quota.reportedSlowdown()) {
            log.info(line, f);
        } else {
            log.debug(line, f);
        }
    }

    @Override
    public void budgetReached(QuotaStats quota, int percent, long used, long limit, String day) {
        long reset = quota.resetEpochMillis();
        String resets = reset > System.currentTimeMillis() && reset - System.currentTimeMillis() > 65_000
                ? "the provider resets it at " + Instant.ofEpochMilli(reset)
                : "counted per UTC day, " + day + ", until " + LocalDate.parse(day).plusDays(1) + "T00:00Z";
        log.warn("budget: quota " + quota + " has used " + used + " requests today, " + percent + "% of its "
                + limit + " requests/day limit; " + resets, LogFields.event("budget").put("host", quota.host())
                .put("model", quota.model()).put("key", quota.keyFingerprint()).put("percent", percent).put("used", used)
                .put("limit", limit).put("day", day));
    }

    @Override
    public void circuitChanged(CircuitBreaker circuit, CircuitState from, CircuitState to, String why) {
        String observe = circuit.observeOnly() ? " [observe mode: calls are still sent]" : "";
        switch (to) {
            case OPEN:
                log.warn((from == CircuitState.HALF_OPEN ? "circuit open again: " : "circuit open: ") + circuit.name()
                        + "; " + why + "; calls are answered locally with 503 (x-llm-guard: circuit-open) for "
                        + seconds(circuit.openMillis()) + ", then one probe call is let through" + observe);
                break;
            case HALF_OPEN:
                log.info("circuit half-open: " + circuit.name() + "; " + why + "; letting one probe call through" + observe);
                break;
            default:
                log.warn("circuit closed: " + circuit.name() + "; " + why + "; calls go through again" + observe);
        }
    }

    public void recovered(RequestLabel label, int attempts, long elapsedMillis) {
        log.info("recovered: " + label + " succeeded on attempt " + attempts + " after " + seconds(elapsedMillis),
                label.fields("recovered").put("attempt", attempts).put("elapsed_ms", elapsedMillis));
    }

    public void failureRetrying(RequestLabel label, IOException failure, int attempt, int max, long waitMillis, boolean observeOnly) {
        log.info("connection failure (" + describe(failure) + "): " + label + "; attempt " + attempt + " of " + max
                + (observeOnly ? ", would retry in " : ", retrying in ") + seconds(waitMillis) + " (backoff)"
                + (observeOnly ? " [observe mode: not retried]" : ""), label.fields("connection_failure").put("failure", describe(failure))
                .put("attempt", attempt).put("max_attempts", max).put("wait_ms", waitMillis).put("wait_source", "backoff")
                .put("observe_only", observeOnly));
    }

    /** Observe mode: what pacing would have done to this request. */
    public void wouldWait(RequestLabel label, long waitMillis, long maxWaitMillis) {
        if (waitMillis > maxWaitMillis) {
            log.warn("would refuse locally (429): " + label + "; waiting for the quota would take " + seconds(waitMillis)
                    + ", more than llmguard.throttle.max-wait (" + seconds(maxWaitMillis) + ") [observe mode: sent]",
                    label.fields("would_refuse").put("wait_ms", waitMillis).put("max_wait_ms", maxWaitMillis));
        } else if (waitMillis > 0 && log.isDebugEnabled()) {
            log.debug("would wait " + seconds(waitMillis) + " for the quota: " + label + " [observe mode: sent now]",
                    label.fields("would_wait").put("wait_ms", waitMillis));
        }
    }

    public void failureGaveUp(RequestLabel label, IOException failure, int attempt, int max, String why) {
        log.warn("giving up after connection failure (" + describe(failure) + "): " + label + "; attempt " + attempt
                + " of " + max + ": " + why + "; the application gets the exception", label.fields("gave_up")
                .put("failure", describe(failure)).put("attempt", attempt).put("max_attempts", max).put("why", why));
    }

    private static LogFields fields(String event, Outcome outcome, RequestLabel label) {
        Verdict verdict = outcome.verdict();
        String limits = outcome.limits().describe();
        return label.fields(event).put("status", outcome.response().status()).put("reason", verdict.reason())
                .put("limit", verdict.limitType()).put("ratelimit", limits.isEmpty() ? null : limits)
                .put("request_id", requestId(outcome.response().headers()));
    }

    private static LogFields quotaFields(String event, QuotaKey key) {
        return LogFields.event(event).put("host", key.host()).put("model", key.model()).put("key", key.keyFingerprint());
    }

    private static StringBuilder head(String what, Outcome outcome, RequestLabel label) {
        Verdict verdict = outcome.verdict();
        StringBuilder sb = new StringBuilder(256).append(what).append(" (").append(outcome.response().status());
        if (verdict.reason() != null && !verdict.reason().startsWith("status ")) {
            sb.append(' ').append(verdict.reason());
        }
        sb.append("): ").append(label);
        if (verdict.limitType() != null) {
            sb.append(" limit=").append(verdict.limitType());
        }
        return sb;
    }

    private static void tail(StringBuilder sb, Outcome outcome) {
        String limits = outcome.limits().describe();
        if (!limits.isEmpty()) {
            sb.append("; ratelimit: ").append(limits);
        }
        String id = requestId(outcome.response().headers());
        if (id != null) {
            sb.append("; request-id=").append(id);
        }
    }

    static String requestId(Headers headers) {
        for (String name : REQUEST_ID_HEADERS) {
            String v = headers.get(name);
            if (v != null && !v.isEmpty()) {
                return v.length() > 100 ? v.substring(0, 100) : v;
            }
        }
        return null;
    }

    private static String describe(IOException e) {
        String m = e.getMessage();
        return e.getClass().getSimpleName() + (m == null ? "" : ": " + (m.length() > 120 ? m.substring(0, 120) : m));
    }

    /** 1234 -> "1.23 s". */
    public static String seconds(long millis) {
        return String.format(Locale.ROOT, "%.2f s", millis / 1000.0);
    }
}
