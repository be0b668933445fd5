package dev.llmguard.sdk;

import dev.llmguard.instrument.AdvisedType;
import static net.bytebuddy.matcher.ElementMatchers.isTypeInitializer;

import dev.llmguard.core.guard.RequestGuard;
import dev.llmguard.instrument.TypeInstrumentation;
import dev.llmguard.log.GuardLog;
import java.lang.instrument.Instrumentation;
import java.util.Collections;
import java.util.List;

/** Hands Spring AI's default retry template to the guard; see {@link SpringAiHandover}. */
public final class SpringAiInstrumentation implements TypeInstrumentation {
    static final String RETRY_UTILS = "org.springframework.ai.retry.RetryUtils";

    @Override
    public List<String> typeNames() {
        return Collections.singletonList(RETRY_UTILS);
    }

    @Override
    public void activate(RequestGuard guard, GuardLog log) {
        SpringAiHandover.activate(log, guard.config().retry().maxAttempts());
    }

    @Override
    public void apply(AdvisedType type, Instrumentation instrumentation) {
        type.advise(isTypeInitializer(), SpringAiRetryAdvice.class);
    }
}
