package dev.llmguard.okhttp.adapter;

import dev.llmguard.config.GuardConfig;
import dev.llmguard.contract.AdapterContract;
import dev.llmguard.core.events.GuardEvents;
import dev.llmguard.core.guard.RequestGuard;
import dev.llmguard.log.GuardLog;
import dev.llmguard.okhttp.OkHttpBridge;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import okhttp3.Call;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import okio.BufferedSink;

/** The OkHttp 3.14 API (the oldest supported) under the contract, without the agent: the guard interceptor is added by hand. */
final class OkHttpContractSupport {
    private static final MediaType JSON = MediaType.parse("application/json");
    // as the agent builds every client: the guard first, the send counter last
    private final OkHttpClient client = new OkHttpClient.Builder().addInterceptor(new GuardInterceptor())
            .addNetworkInterceptor(new NetworkSends()).build();

    static void activate(GuardConfig config) {
        OkHttpBridge.activate(new RequestGuard(config, new GuardEvents(GuardLog.create(GuardConfig.LogLevel.WARN))));
    }

    static void deactivate() {
        OkHttpBridge.activate(null);
    }

    Call newCall(String url, AdapterContract.AppCall call) {
        OkHttpClient c = call.callTimeoutMillis > 0 ? client.newBuilder().callTimeout(call.callTimeoutMillis, TimeUnit.MILLISECONDS).build() : client;
        return c.newCall(new Request.Builder().url(url).post(body(call)).build());
    }

    private static RequestBody body(AdapterContract.AppCall call) {
        if (!call.oneShot) {
            return RequestBody.create(JSON, call.body);
        }
        return new RequestBody() {
            @Override
            public MediaType contentType() {
                return JSON;
            }

            @Override
            public void writeTo(BufferedSink sink) throws IOException {
                sink.write(call.body);
            }

            @Override
            public boolean isOneShot() {
                return true;
            }
        };
    }

    static AdapterContract.Seen seen(Response response) throws IOException {
        try {
            Map<String, String> headers = new LinkedHashMap<>();
            for (String name : response.headers().names()) {
                headers.put(name, response.header(name));
            }
            return new AdapterContract.Seen(response.code(), response.body().string(), headers);
        } finally {
            response.close();
        }
    }
}
