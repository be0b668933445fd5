package dev.llmguard.core.fallback;

import dev.llmguard.config.FallbackConfig;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The models one call may still go to. A model that cannot serve the call hands it to its own
 * fallbacks first, then to those of the models before it that are left (depth first, in the
 * configured order); no model is offered twice, so rules that name each other never loop.
 * Not thread-safe: one call, one attempt at a time.
 */
public final class FallbackChain {
    private final FallbackConfig rules;
    private final Set<String> offered = new HashSet<String>();
    private final Deque<String> pending = new ArrayDeque<String>();

    /** @param model the model the application asked for */
    public FallbackChain(FallbackConfig rules, String model) {
        this.rules = rules;
        offered.add(model);
    }

    /** True when {@code model} or a model before it still has a fallback to offer. */
    public boolean hasNext(String model) {
        if (!pending.isEmpty()) {
            return true;
        }
        for (String f : rules.fallbacksFor(model)) {
            if (!offered.contains(f)) {
                return true;
            }
        }
        return false;
    }

    /** The next model to try now that {@code model} cannot serve the call, or null when none is left. */
    public String next(String model) {
        List<String> own = rules.fallbacksFor(model);
        for (int i = own.size() - 1; i >= 0; i--) {
            String f = own.get(i);
            if (!offered.contains(f) && !pending.contains(f)) {
                pending.addFirst(f);
            }
        }
        String next = pending.pollFirst();
        if (next != null) {
            offered.add(next);
        }
        return next;
    }
}
