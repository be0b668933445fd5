package dev.llmguard.okhttp.adapter;

import dev.llmguard.config.GuardConfig;
import dev.llmguard.contract.AdapterContract;
import dev.llmguard.okhttp.OkHttpBridge;
import java.io.IOException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import okhttp3.Call;
import okhttp3.Callback;
import okhttp3.Response;

/**
 * {@code Call.enqueue()} on the core's asynchronous loop. Without the agent nothing calls
 * {@link AsyncCalls} from inside OkHttp, so this test does what the enqueue and cancel advice do.
 */
class OkHttpAsyncContractTest extends AdapterContract {
    private final OkHttpContractSupport okHttp = new OkHttpContractSupport();

    @Override
    protected void activate(GuardConfig config) {
        OkHttpContractSupport.activate(config);
    }

    @Override
    protected void deactivate() {
        OkHttpContractSupport.deactivate();
    }

    @Override
    protected boolean waitsOnCallerThread() {
        return false;
    }

    @Override
    protected Seen send(AdapterContract.AppCall call) throws Exception {
        return start(call).await(30_000);
    }

    @Override
    protected Running start(AdapterContract.AppCall call) {
        Call okCall = okHttp.newCall(url(call.path), call);
        CompletableFuture<Seen> seen = new CompletableFuture<>();
        Callback callback = new Callback() {
            @Override
            public void onFailure(Call c, IOException e) {
                seen.complete(new Seen(e, null));
            }

            @Override
            public void onResponse(Call c, Response response) throws IOException {
                seen.complete(OkHttpContractSupport.seen(response));
            }
        };
        if (!AsyncCalls.start(OkHttpBridge.asyncLoop(), okCall, callback)) {
            okCall.enqueue(callback); // out of scope: OkHttp's own enqueue, as the advice leaves it
        }
        return new Running() {
            @Override
            public void cancel() {
                okCall.cancel();
                AsyncCalls.canceled(okCall);
            }

            @Override
            public void interrupt() {
                throw new UnsupportedOperationException("no caller thread waits");
            }

            @Override
            public Seen await(long millis) throws Exception {
                return seen.get(millis, TimeUnit.MILLISECONDS);
            }
        };
    }
}
