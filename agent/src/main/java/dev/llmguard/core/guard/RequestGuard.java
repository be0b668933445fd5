package dev.llmguard.core.guard;

import dev.llmguard.config.GuardConfig;
import dev.llmguard.config.PriorityConfig;
import dev.llmguard.core.body.RequestBodySummary;
import dev.llmguard.core.events.GuardEvents;
import dev.llmguard.core.events.RequestLabel;
import dev.llmguard.core.exchange.Exchange;
import dev.llmguard.core.fallback.FallbackChain;
import dev.llmguard.core.fallback.RequestRewrite;
import dev.llmguard.core.http.RequestInfo;
import dev.llmguard.core.metrics.BudgetAlerts;
import dev.llmguard.core.metrics.GuardStats;
import dev.llmguard.core.metrics.QuotaStats;
import dev.llmguard.core.resilience.CircuitSharing;
import dev.llmguard.core.resilience.Resilience;
import dev.llmguard.core.retry.Backoff;
import dev.llmguard.core.scope.Scope;
import dev.llmguard.core.throttle.LocalQuotaStore;
import dev.llmguard.core.throttle.Quota;
import dev.llmguard.core.throttle.TokenEstimate;
import dev.llmguard.core.throttle.QuotaStore;
import dev.llmguard.core.throttle.QuotaKey;
import dev.llmguard.core.throttle.Throttle;
import java.io.IOException;
import java.time.Clock;

/**
 * The guard's entry point for adapters: one per agent. It decides what is in scope and opens a
 * {@link GuardedRequest} (one retry loop) for each logical request it owns.
 */
public final class RequestGuard {
    private final GuardConfig config;
    private final Scope scope;
    private final Backoff backoff;
    private final GuardEvents events;
    private final Throttle throttle;
    private final GuardStats stats;
    private final Resilience resilience;
    private final PriorityRules priorities;

    public RequestGuard(GuardConfig config, GuardEvents events) {
        this(config, events, LocalQuotaStore.INSTANCE);
    }

    /** @param store where quota state lives: this JVM, or Redis for a fleet */
    public RequestGuard(GuardConfig config, GuardEvents events, QuotaStore store) {
        this(config, events, store, System::nanoTime);
    }

    /** @param nanoClock what the retry budgets and circuits read the time from: {@code System::nanoTime}, or a test's */
    public RequestGuard(GuardConfig config, GuardEvents events, QuotaStore store, java.util.function.LongSupplier nanoClock) {
        this.config = config;
        this.scope = new Scope(config.scope());
        this.backoff = new Backoff(config.retry());
        this.events = events;
        this.priorities = new PriorityRules(config.priority());
        this.throttle = config.throttle().enabled() ? new Throttle(config.throttle(), config.tenants(), events, store) : null;
        this.stats = new GuardStats(new BudgetAlerts(percents(config), events, Clock.systemUTC()));
        this.resilience = new Resilience(config.retry(), config.breaker(), config.observeOnly(), events, nanoClock,
                store instanceof CircuitSharing ? (CircuitSharing) store : CircuitSharing.NONE);
    }

    private static int[] percents(GuardConfig config) {
        int[] p = new int[config.log().budgetPercents().size()];
        for (int i = 0; i < p.length; i++) {
            p[i] = config.log().budgetPercents().get(i);
        }
        return p;
    }

    /** What the guard did, per quota: read by the MBeans. */
    public GuardStats stats() {
        return stats;
    }

    public GuardConfig config() {
        return config;
    }

    /**
     * The retry loop of one call when the guard owns it, else null (out of scope: the call goes
     * through untouched). Decided once, here, for every client.
     */
    public GuardedRequest open(Exchange<?> exchange) throws IOException {
        if (!covers(exchange)) {
            return null;
        }
        GuardedRequest request = start(exchange.request(config.capture().maxBodyBytes()));
        if (config.fallback().enabled() && !config.observeOnly() && exchange.canRetarget() && request.request().bodyReplayable()) {
            String model = request.label().model();
            if (model != null && !config.fallback().fallbacksFor(model).isEmpty()) {
                request.offerFallbacks(this, new FallbackChain(config.fallback(), model));
            }
        }
        return request;
    }

    /**
     * The policy of the call's next model when {@code from}'s cannot serve it (one WARN line), or
     * null when no model is left or the request cannot be rewritten. The adapter then sends the
     * rewritten request ({@link GuardedRequest#request()}) in place of the application's.
     */
    GuardedRequest fallBack(GuardedRequest from, String why) {
        FallbackChain chain = from.fallbacks();
        for (String model = chain.next(from.label().model()); model != null; model = chain.next(model)) {
            RequestInfo rewritten = RequestRewrite.forModel(from.request(), from.modelInBody(), model);
            if (rewritten != null) {
                events.fellBack(from.label(), model, why);
                GuardedRequest next = start(rewritten, from.priority());
                next.offerFallbacks(this, chain);
                return next;
            }
        }
        return null;
    }

    /** The scope decision alone, for a client that must know it before the call starts (to hold its body, say). */
    public boolean covers(Exchange<?> exchange) {
        return scope.matches(exchange.host(), exchange.path()) || sentByLlmSdk(exchange);
    }

    /** An official SDK's request: always guarded, since the SDK left its retries to the guard. */
    private static boolean sentByLlmSdk(Exchange<?> exchange) {
        for (String name : Scope.SDK_REQUEST_HEADERS) {
            if (exchange.header(name) != null) {
                return true;
            }
        }
        return false;
    }

    /** The policy of a new call, at the priority its header or its thread gives it. */
    public GuardedRequest start(RequestInfo request) {
        String named = request.headers().get(PriorityRules.HEADER);
        if (PriorityRules.unknown(named)) {
            events.unknownPriority(named);
        }
        return start(request, priorities.of(named, Thread.currentThread().getName()));
    }

    private GuardedRequest start(RequestInfo request, PriorityConfig.Priority priority) {
        RequestBodySummary body = request.body() == null ? null : RequestBodySummary.of(request.body());
        String model = RequestLabel.modelOf(request, body);
        QuotaKey key = QuotaKey.of(request, model);
        RequestLabel label = RequestLabel.of(request, body, key.keyFingerprint());
        Quota quota = throttle == null ? null : throttle.quotaFor(key);
        QuotaStats quotaStats = stats.forQuota(key.host(), key.keyFingerprint(), key.model());
        if (quota != null && quotaStats.live() == null) {
            quotaStats.attach(new LiveQuotaView(quota));
        }
        TokenEstimate cost = body == null ? TokenEstimate.NONE : TokenEstimate.of(body.promptTokens(), body.outputTokens());
        GuardedRequest guarded = new GuardedRequest(request, label, config.retry(), config.mode(), config.throttle().maxWaitMillis(),
                config.capture().maxBodyBytes(), backoff, events, quota, cost, quotaStats,
                resilience.forCall(hostPort(request), label.model()), priority, config.priority().interactiveMaxWaitMillis());
        guarded.modelNamedInBody(body != null && body.model() != null);
        if (config.tenants().enabled()) {
            guarded.tenant(QuotaKey.fingerprint(tenantOf(request, body)));
        }
        return guarded;
    }

    /** The request's tenant value (llmguard.tenants.key), or null when it names none. Only its hash is kept. */
    private String tenantOf(RequestInfo request, RequestBodySummary body) {
        String key = config.tenants().key();
        if (config.tenants().keyInBody()) {
            return body == null ? null : body.identifier(key);
        }
        return request.headers().get(key);
    }

    /** The host a retry budget belongs to: as the server sees it, port included when one is given. */
    private static String hostPort(RequestInfo request) {
        return request.port() > 0 ? request.host() + ":" + request.port() : request.host();
    }
}
