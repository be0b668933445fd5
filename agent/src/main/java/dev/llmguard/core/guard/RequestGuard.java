package dev.llmguard.core.guard;

import dev.llmguard.config.GuardConfig;
import dev.llmguard.core.body.RequestBodySummary;
import dev.llmguard.core.events.GuardEvents;
import dev.llmguard.core.http.RequestInfo;
import dev.llmguard.core.retry.Backoff;
import dev.llmguard.core.scope.Scope;

/**
 * The guard's entry point for adapters: one per agent. It decides what is in scope and opens a
 * {@link GuardedRequest} (one retry loop) for each logical request it owns.
 */
public final class RequestGuard {
    private final GuardConfig config;
    private final Scope scope;
    private final Backoff backoff;
    private final GuardEvents events;

    public RequestGuard(GuardConfig config, GuardEvents events) {
        this.config = config;
        this.scope = new Scope(config.scopeHosts(), config.scopeExtraHosts(), config.scopePaths());
        this.backoff = new Backoff(config.retryBaseDelayMillis(), config.retryMaxDelayMillis());
        this.events = events;
    }

    public GuardConfig config() {
        return config;
    }

    /** Cheap check run on every request the host makes. */
    public boolean inScope(String host, String path) {
        return scope.matches(host, path);
    }

    public GuardedRequest start(RequestInfo request) {
        RequestBodySummary body = request.body() == null ? null : RequestBodySummary.of(request.body());
        return new GuardedRequest(request, RequestLabel.of(request, body), config, backoff, events);
    }
}
