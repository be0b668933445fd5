package dev.llmguard.okhttp;

import static net.bytebuddy.matcher.ElementMatchers.isConstructor;
import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.takesArguments;

import net.bytebuddy.agent.builder.AgentBuilder;

/** Adds the guard's interceptor to every OkHttpClient (OkHttp 3.14, 4.x and 5.x). */
public final class OkHttpInstrumentation {
    private OkHttpInstrumentation() {
    }

    public static AgentBuilder apply(AgentBuilder agentBuilder) {
        return agentBuilder
                .type(named("okhttp3.OkHttpClient$Builder"))
                .transform(new AgentBuilder.Transformer.ForAdvice()
                        .include(OkHttpInstrumentation.class.getClassLoader())
                        .advice(isConstructor(), BuilderAdvice.AfterConstructor.class.getName())
                        .advice(named("build").and(takesArguments(0)), BuilderAdvice.BeforeBuild.class.getName()));
    }
}
