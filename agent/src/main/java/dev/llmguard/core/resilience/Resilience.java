package dev.llmguard.core.resilience;

import dev.llmguard.config.BreakerConfig;
import dev.llmguard.config.RetryConfig;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.function.LongSupplier;

/**
 * Every retry budget (one per host) and circuit (one per host and model) the guard has seen, for the
 * life of the agent; one per {@code RequestGuard}. Hands each call its {@link CallResilience}.
 */
public final class Resilience {
    /** Beyond this many hosts or circuits new ones are not tracked: bounds memory whatever the app does. */
    static final int MAX_ENTRIES = 10_000;

    private final ConcurrentMap<String, RetryBudget> budgets = new ConcurrentHashMap<>();
    private final ConcurrentMap<String, CircuitBreaker> circuits = new ConcurrentHashMap<>();
    private final RetryConfig retry;
    private final BreakerConfig breaker;
    private final boolean observeOnly;
    private final CircuitListener listener;
    private final LongSupplier nanoClock;
    private final CircuitSharing sharing;

    /** @param nanoClock {@code System::nanoTime}; a stepped clock in tests */
    public Resilience(RetryConfig retry, BreakerConfig breaker, boolean observeOnly, CircuitListener listener,
                      LongSupplier nanoClock) {
        this(retry, breaker, observeOnly, listener, nanoClock, CircuitSharing.NONE);
    }

    /** @param sharing where a fleet shares its circuits' openings ({@link CircuitSharing#NONE}: this JVM alone) */
    public Resilience(RetryConfig retry, BreakerConfig breaker, boolean observeOnly, CircuitListener listener,
                      LongSupplier nanoClock, CircuitSharing sharing) {
        this.retry = retry;
        this.breaker = breaker;
        this.observeOnly = observeOnly;
        this.listener = listener;
        this.nanoClock = nanoClock;
        this.sharing = sharing;
    }

    /** @param host host, with ":port" when not the scheme's default; {@code model} may be null */
    public CallResilience forCall(String host, String model) {
        RetryBudget budget = get(budgets, host, () -> new RetryBudget(retry.budgetPercent(), retry.budgetMinRetries()));
        CircuitBreaker circuit = null;
        if (breaker.enabled()) {
            String name = model == null ? host : host + " model=" + model;
            circuit = get(circuits, name, () -> new CircuitBreaker(name, breaker.failureThreshold(),
                    breaker.cooldownMillis(), observeOnly, listener, sharing));
        }
        return new CallResilience(budget, circuit, observeOnly, nanoClock);
    }

    private static <T> T get(ConcurrentMap<String, T> map, String key, java.util.function.Supplier<T> create) {
        T found = map.get(key);
        if (found != null || map.size() >= MAX_ENTRIES) {
            return found;
        }
        return map.computeIfAbsent(key, k -> create.get());
    }
}
