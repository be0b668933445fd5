package dev.llmguard.apache;

import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.namedOneOf;
import static net.bytebuddy.matcher.ElementMatchers.takesArguments;

import dev.llmguard.core.guard.RequestGuard;
import dev.llmguard.instrument.TypeInstrumentation;
import dev.llmguard.log.GuardLog;
import java.lang.instrument.Instrumentation;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import net.bytebuddy.agent.builder.AgentBuilder;

/**
 * Guards Apache HttpClient 5.x classic ({@code org.apache.hc.client5}, 5.1+), its async client
 * (HTTP/1.1 and HTTP/2) and 4.x ({@code org.apache.http}, 4.5): advice on {@code doExecute} of the
 * clients that {@code HttpClients}, {@code HttpAsyncClients} and their builders build, which every
 * {@code execute} overload ends in, and on the exec chains' retry steps, whose retries the guard
 * takes over for the calls it owns. (HC4's deprecated {@code DefaultHttpClient}, HC5's minimal
 * async clients and the HC4 async client are not guarded.)
 */
public final class ApacheHttpInstrumentation implements TypeInstrumentation {
    static final List<String> CLIENTS = Collections.unmodifiableList(Arrays.asList(
            "org.apache.hc.client5.http.impl.classic.InternalHttpClient", "org.apache.hc.client5.http.impl.classic.MinimalHttpClient",
            "org.apache.http.impl.client.InternalHttpClient", "org.apache.http.impl.client.MinimalHttpClient"));
    static final String HC5_RETRY = "org.apache.hc.client5.http.impl.classic.HttpRequestRetryExec";
    /** The async clients {@code HttpAsyncClients.custom()} and {@code createHttp2Default()} build share this doExecute. */
    static final String HC5_ASYNC_CLIENT = "org.apache.hc.client5.http.impl.async.InternalAbstractHttpAsyncClient";
    static final String HC5_ASYNC_RETRY = "org.apache.hc.client5.http.impl.async.AsyncHttpRequestRetryExec";
    static final List<String> HC4_RETRIES = Collections.unmodifiableList(Arrays.asList(
            "org.apache.http.impl.execchain.RetryExec", "org.apache.http.impl.execchain.ServiceUnavailableRetryExec"));

    @Override
    public List<String> typeNames() {
        List<String> names = new ArrayList<String>(CLIENTS);
        names.add(HC5_RETRY);
        names.add(HC5_ASYNC_CLIENT);
        names.add(HC5_ASYNC_RETRY);
        names.addAll(HC4_RETRIES);
        return Collections.unmodifiableList(names);
    }

    @Override
    public void activate(RequestGuard guard, GuardLog log) {
        ApacheBridge.activate(guard, log);
        ApacheAsyncBridge.activate(guard);
    }

    @Override
    public boolean reachesAgentThroughHook() {
        return false;
    }

    @Override
    public AgentBuilder apply(AgentBuilder agentBuilder, Instrumentation instrumentation) {
        ClassLoader agentLoader = ApacheHttpInstrumentation.class.getClassLoader();
        return agentBuilder
                .type(namedOneOf(CLIENTS.toArray(new String[0])))
                .transform(new AgentBuilder.Transformer.ForAdvice()
                        .include(agentLoader)
                        .advice(named("doExecute").and(takesArguments(3)), DoExecuteAdvice.class.getName()))
                .type(named(HC5_RETRY))
                .transform(new AgentBuilder.Transformer.ForAdvice()
                        .include(agentLoader)
                        .advice(named("execute").and(takesArguments(3)), RetryExecAdvice.Hc5.class.getName()))
                .type(named(HC5_ASYNC_CLIENT))
                .transform(new AgentBuilder.Transformer.ForAdvice()
                        .include(agentLoader)
                        .advice(named("doExecute").and(takesArguments(6)), AsyncDoExecuteAdvice.class.getName()))
                .type(named(HC5_ASYNC_RETRY))
                .transform(new AgentBuilder.Transformer.ForAdvice()
                        .include(agentLoader)
                        .advice(named("execute").and(takesArguments(5)), RetryExecAdvice.Hc5Async.class.getName()))
                .type(namedOneOf(HC4_RETRIES.toArray(new String[0])))
                .transform(new AgentBuilder.Transformer.ForAdvice()
                        .include(agentLoader)
                        .advice(named("execute").and(takesArguments(4)), RetryExecAdvice.Hc4.class.getName()));
    }
}
