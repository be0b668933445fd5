package dev.llmguard.jdkhttp;

import dev.llmguard.config.GuardConfig;
import dev.llmguard.contract.FutureAdapterContract;
import java.net.http.HttpResponse;
import java.util.concurrent.CompletableFuture;

/** {@code HttpClient.sendAsync}: the application holds a future; cancelling it stops the call. */
class JdkHttpAsyncContractTest extends FutureAdapterContract {
    private final JdkHttpContractSupport jdk = new JdkHttpContractSupport();

    @Override
    protected void activate(GuardConfig config) {
        jdk.activate(config);
    }

    @Override
    protected void deactivate() {
        jdk.deactivate();
    }

    @Override
    protected Running start(AppCall call) {
        CompletableFuture<HttpResponse<String>> future = jdk.sendAsync(url(call.path), call);
        return runningFuture(future, JdkHttpContractSupport::seen);
    }
}
