package dev.llmguard.okhttp.adapter;

import dev.llmguard.core.loop.RetryLoop;
import dev.llmguard.okhttp.GuardMarker;
import dev.llmguard.okhttp.OkHttpBridge;
import java.io.IOException;
import okhttp3.Interceptor;
import okhttp3.Request;
import okhttp3.Response;

/**
 * The guard inside OkHttp: the first application interceptor, so it sees each logical request
 * once and may send it again. The core's {@link RetryLoop} runs the call; this class only hands
 * it the chain. An attempt of an enqueued call (see {@link AsyncCalls}) already runs on the
 * asynchronous loop and goes straight through.
 */
public final class GuardInterceptor implements Interceptor, GuardMarker {

    @Override
    public Response intercept(Chain chain) throws IOException {
        RetryLoop loop = OkHttpBridge.loop();
        if (loop == null) {
            return chain.proceed(chain.request());
        }
        Request attempt = AsyncCalls.attemptRequest(chain.call());
        if (attempt != null) {
            return chain.proceed(attempt);
        }
        OkHttpExchange exchange = new OkHttpExchange(chain);
        try {
            return loop.execute(exchange);
        } finally {
            exchange.close();
        }
    }
}
