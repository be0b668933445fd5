package dev.llmguard.apache.hc5.async;

import dev.llmguard.apache.ApacheAsyncAdapter;
import dev.llmguard.core.loop.AsyncRetryLoop;
import dev.llmguard.log.InternalErrors;
import java.util.concurrent.CompletableFuture;
import org.apache.hc.client5.http.async.AsyncExecCallback;
import org.apache.hc.client5.http.async.AsyncExecChain;
import org.apache.hc.client5.http.impl.async.CloseableHttpAsyncClient;
import org.apache.hc.core5.concurrent.FutureCallback;
import org.apache.hc.core5.http.HttpHost;
import org.apache.hc.core5.http.HttpRequest;
import org.apache.hc.core5.http.nio.AsyncEntityProducer;
import org.apache.hc.core5.http.nio.AsyncPushConsumer;
import org.apache.hc.core5.http.nio.AsyncResponseConsumer;
import org.apache.hc.core5.http.nio.HandlerFactory;
import org.apache.hc.core5.http.nio.support.BasicRequestProducer;
import org.apache.hc.core5.http.protocol.HttpContext;

/** The guard inside one copy of Apache HttpClient 5's async client (compiled against 5.1, the oldest supported). */
public final class Hc5AsyncAdapter implements ApacheAsyncAdapter {

    @Override
    @SuppressWarnings("unchecked")
    public Object execute(AsyncRetryLoop loop, Object client, Object target, Object producer, Object consumer,
                          Object pushHandlerFactory, Object context, Object callback) {
        if (!(producer instanceof BasicRequestProducer)) {
            return null; // a producer of another kind may send its head later or only once: the client sends it as always
        }
        Hc5AsyncExchange exchange;
        GuardedCall<Object> call;
        try {
            ProducedRequest request = ProducedRequest.read((BasicRequestProducer) producer, (HttpContext) context);
            if (request == null) {
                return null;
            }
            call = new GuardedCall<Object>((AsyncResponseConsumer<Object>) consumer, (HttpContext) context,
                    (FutureCallback<Object>) callback);
            exchange = new Hc5AsyncExchange((CloseableHttpAsyncClient) client, (HttpHost) target, request,
                    (HandlerFactory<AsyncPushConsumer>) pushHandlerFactory, call);
        } catch (Exception e) {
            InternalErrors.report("reading an Apache HttpClient 5 async request", e);
            return null;
        }
        CompletableFuture<AttemptResponse> run = loop.start(exchange);
        if (run == null) {
            return null;
        }
        call.follow(run, exchange);
        return call.future();
    }

    /** {@code AsyncHttpRequestRetryExec.execute(request, entityProducer, scope, chain, callback)}. */
    @Override
    public boolean proceedOnce(Object attempt, Object request, Object entityProducer, Object scope, Object chain, Object callback)
            throws Exception {
        if (!(scope instanceof AsyncExecChain.Scope) || ((AsyncExecChain.Scope) scope).originalRequest != attempt) {
            return false; // another request (a redirect's, or another call's on this thread): the client's retries stay
        }
        ((AsyncExecChain) chain).proceed((HttpRequest) request, (AsyncEntityProducer) entityProducer,
                (AsyncExecChain.Scope) scope, (AsyncExecCallback) callback);
        return true;
    }
}
