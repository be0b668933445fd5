package dev.llmguard.apache;

import dev.llmguard.instrument.AdvisedType;
import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.takesArguments;

import dev.llmguard.core.guard.RequestGuard;
import dev.llmguard.instrument.TypeInstrumentation;
import dev.llmguard.log.GuardLog;
import java.lang.instrument.Instrumentation;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;

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
    public void apply(AdvisedType type, Instrumentation instrumentation) {
        String name = type.name();
        if (CLIENTS.contains(name)) {
            type.advise(named("doExecute").and(takesArguments(3)), DoExecuteAdvice.class);
        } else if (name.equals(HC5_RETRY)) {
            type.advise(named("execute").and(takesArguments(3)), RetryExecAdvice.Hc5.class);
        } else if (name.equals(HC5_ASYNC_CLIENT)) {
            type.advise(named("doExecute").and(takesArguments(6)), AsyncDoExecuteAdvice.class);
        } else if (name.equals(HC5_ASYNC_RETRY)) {
            type.advise(named("execute").and(takesArguments(5)), RetryExecAdvice.Hc5Async.class);
        } else if (HC4_RETRIES.contains(name)) {
            type.advise(named("execute").and(takesArguments(4)), RetryExecAdvice.Hc4.class);
        }
    }
}
