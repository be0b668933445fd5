package dev.llmguard.sdk;

import static net.bytebuddy.matcher.ElementMatchers.isTypeInitializer;
import static net.bytebuddy.matcher.ElementMatchers.named;

import dev.llmguard.core.guard.RequestGuard;
import dev.llmguard.instrument.TypeInstrumentation;
import dev.llmguard.log.GuardLog;
import java.lang.instrument.Instrumentation;
import java.util.Collections;
import java.util.List;
import net.bytebuddy.agent.builder.AgentBuilder;

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
    public AgentBuilder apply(AgentBuilder agentBuilder, Instrumentation instrumentation) {
        return agentBuilder
                .type(named(RETRY_UTILS))
                .transform(new AgentBuilder.Transformer.ForAdvice()
                        .include(SpringAiInstrumentation.class.getClassLoader())
                        .advice(isTypeInitializer(), SpringAiRetryAdvice.class.getName()));
    }
}
