package dev.llmguard.okhttp.adapter;

import dev.llmguard.config.GuardConfig;
import dev.llmguard.contract.AdapterContract;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import okhttp3.Call;

/** {@code Call.execute()}: the retry loop runs in the guard interceptor on the caller's thread. */
class OkHttpSyncContractTest extends AdapterContract {
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
    protected Seen send(AdapterContract.AppCall call) throws Exception {
        try {
            return OkHttpContractSupport.seen(okHttp.newCall(url(call.path), call).execute());
        } catch (java.io.IOException e) {
            return new Seen(e, Thread.currentThread().isInterrupted());
        }
    }

    @Override
    protected Running start(AdapterContract.AppCall call) {
        Call okCall = okHttp.newCall(url(call.path), call);
        CompletableFuture<Seen> seen = new CompletableFuture<>();
        AtomicReference<Thread> caller = new AtomicReference<>();
        Thread t = new Thread(() -> {
            caller.set(Thread.currentThread());
            try {
                seen.complete(OkHttpContractSupport.seen(okCall.execute()));
            } catch (Throwable e) {
                seen.complete(new Seen(e, Thread.currentThread().isInterrupted()));
            }
        });
        t.start();
        return new Running() {
            @Override
            public void cancel() {
                okCall.cancel();
            }

            @Override
            public void interrupt() {
                t.interrupt();
            }

            @Override
            public Seen await(long millis) throws Exception {
                return seen.get(millis, TimeUnit.MILLISECONDS);
            }
        };
    }
}
