package dev.llmguard.okhttp;

import static net.bytebuddy.matcher.ElementMatchers.isConstructor;
import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.takesArguments;

import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import net.bytebuddy.agent.builder.AgentBuilder;

/**
 * Adds the guard's interceptor to every OkHttpClient (OkHttp 3.14, 4.x and 5.x): in the Builder, for
 * clients built while the agent is active, and in {@code OkHttpClient.interceptors()}, for clients
 * built before a dynamic attach.
 */
public final class OkHttpInstrumentation {
    /** Every type {@link #apply} changes; the agent hands no other class to Byte Buddy. */
    public static final List<String> TYPE_NAMES = Collections.unmodifiableList(Arrays.asList(
            "okhttp3.OkHttpClient$Builder", "okhttp3.OkHttpClient"));

    private OkHttpInstrumentation() {
    }

    public static AgentBuilder apply(AgentBuilder agentBuilder) {
        ClassLoader agentLoader = OkHttpInstrumentation.class.getClassLoader();
        return agentBuilder
                .type(named("okhttp3.OkHttpClient$Builder"))
                .transform(new AgentBuilder.Transformer.ForAdvice()
                        .include(agentLoader)
                        .advice(isConstructor(), BuilderAdvice.AfterConstructor.class.getName())
                        .advice(named("build").and(takesArguments(0)), BuilderAdvice.BeforeBuild.class.getName()))
                .type(named("okhttp3.OkHttpClient"))
                .transform(new AgentBuilder.Transformer.ForAdvice()
                        .include(agentLoader)
                        .advice(named("interceptors").and(takesArguments(0)), ClientAdvice.Interceptors.class.getName()));
    }
}
