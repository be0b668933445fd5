package dev.llmguard.apache.hc5;

import dev.llmguard.apache.ApacheAdapter;
import dev.llmguard.core.loop.RetryLoop;
import dev.llmguard.log.InternalErrors;
import java.io.IOException;
import org.apache.hc.client5.http.classic.ExecChain;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.RequestFailedException;
import org.apache.hc.core5.http.ClassicHttpRequest;
import org.apache.hc.core5.http.HttpHost;
import org.apache.hc.core5.http.protocol.HttpContext;

/** The guard inside one copy of Apache HttpClient 5 classic (compiled against 5.1, the oldest supported). */
public final class Hc5Adapter implements ApacheAdapter {

    @Override
    public Object execute(RetryLoop loop, Object client, Object target, Object request, Object context) throws IOException {
        Hc5Exchange exchange;
        try {
            exchange = new Hc5Exchange((CloseableHttpClient) client, (HttpHost) target, (ClassicHttpRequest) request, (HttpContext) context);
        } catch (RuntimeException e) {
            InternalErrors.report("reading an Apache HttpClient 5 request", e);
            return null;
        }
        return loop.execute(exchange);
    }

    /** {@code HttpRequestRetryExec.execute(request, scope, chain)}: {@code a0} is the request, {@code a1} the scope. */
    @Override
    public Object proceedOnce(Object exec, Object attempt, Object next, Object a0, Object a1, Object a2, Object a3) throws Exception {
        if (!(a1 instanceof ExecChain.Scope) || ((ExecChain.Scope) a1).originalRequest != attempt) {
            return null; // another request (a redirect's, or another call's on this thread): the client's retries stay
        }
        ExecChain.Scope scope = (ExecChain.Scope) a1;
        try {
            return ((ExecChain) next).proceed((ClassicHttpRequest) a0, scope);
        } catch (IOException e) {
            if (scope.execRuntime.isExecutionAborted()) {
                throw new RequestFailedException("Request aborted"); // what HttpRequestRetryExec reports for a cancelled request
            }
            throw e;
        }
    }
}
