package dev.llmguard.sdk;

import dev.llmguard.instrument.AdvisedType;
import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.returns;
import static net.bytebuddy.matcher.ElementMatchers.takesNoArguments;

import dev.llmguard.core.guard.RequestGuard;
import dev.llmguard.instrument.TypeInstrumentation;
import dev.llmguard.log.GuardLog;
import java.lang.instrument.Instrumentation;
import java.util.Collections;
import java.util.List;

/** Hands simple-openai's retries (cleverclient's {@code RetryConfig}) to the guard; see {@link CleverClientHandover}. */
public final class CleverClientInstrumentation implements TypeInstrumentation {
    static final String RETRY_CONFIG = "io.github.sashirestela.cleverclient.retry.RetryConfig";

    @Override
    public List<String> typeNames() {
        return Collections.singletonList(RETRY_CONFIG);
    }

    @Override
    public void activate(RequestGuard guard, GuardLog log) {
        CleverClientHandover.activate(log, guard.config().retry().maxAttempts());
    }

    @Override
    public void apply(AdvisedType type, Instrumentation instrumentation) {
        type.advise(named("getMaxAttempts").and(takesNoArguments()).and(returns(int.class)), CleverClientRetryAdvice.class);
    }
}
