package dev.llmguard.apache.hc4;

import dev.llmguard.apache.ApacheAdapter;
import dev.llmguard.core.loop.RetryLoop;
import dev.llmguard.log.InternalErrors;
import java.io.IOException;
import org.apache.http.HttpHost;
import org.apache.http.HttpRequest;
import org.apache.http.client.methods.HttpExecutionAware;
import org.apache.http.client.methods.HttpRequestWrapper;
import org.apache.http.client.protocol.HttpClientContext;
import org.apache.http.conn.routing.HttpRoute;
import org.apache.http.impl.client.CloseableHttpClient;
import org.apache.http.impl.execchain.ClientExecChain;
import org.apache.http.protocol.HttpContext;

/** The guard inside one copy of Apache HttpClient 4 (compiled against 4.5). */
public final class Hc4Adapter implements ApacheAdapter {

    @Override
    public Object execute(RetryLoop loop, Object client, Object target, Object request, Object context) throws IOException {
        Hc4Exchange exchange;
        try {
            exchange = new Hc4Exchange((CloseableHttpClient) client, (HttpHost) target, (HttpRequest) request, (HttpContext) context);
        } catch (RuntimeException e) {
            InternalErrors.report("reading an Apache HttpClient 4 request", e);
            return null;
        }
        return loop.execute(exchange);
    }

    /**
     * {@code RetryExec} and {@code ServiceUnavailableRetryExec}: {@code execute(route, request,
     * context, execAware)}, the request wrapping the application's. Both pass a failure they do
     * not retry on as it is, so the next step's outcome is handed on unchanged.
     */
    @Override
    public Object proceedOnce(Object exec, Object attempt, Object next, Object a0, Object a1, Object a2, Object a3) throws Exception {
        if (!(a1 instanceof HttpRequestWrapper) || ((HttpRequestWrapper) a1).getOriginal() != attempt) {
            return null; // another request (a redirect's, or another call's on this thread): the client's retries stay
        }
        return ((ClientExecChain) next).execute((HttpRoute) a0, (HttpRequestWrapper) a1, (HttpClientContext) a2, (HttpExecutionAware) a3);
    }
}
