package dev.llmguard.jdkhttp;

import dev.llmguard.config.GuardConfig;
import dev.llmguard.contract.AdapterContract;
import java.net.http.HttpResponse;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

/**
 * {@code HttpClient.send}: the JDK waits on the same future in {@code cf.get()} and cancels it
 * when the waiting thread is interrupted, which is what this test does too.
 */
class JdkHttpSyncContractTest extends AdapterContract {
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
    protected Class<? extends Throwable> cancelFailure() {
        return CancellationException.class;
    }

    @Override
    protected Class<? extends Throwable> interruptFailure() {
        return InterruptedException.class;
    }

    @Override
    protected Seen send(AppCall call) throws Exception {
        return start(call).await(30_000);
    }

    @Override
    protected Running start(AppCall call) {
        CompletableFuture<Seen> seen = new CompletableFuture<>();
        CompletableFuture<CompletableFuture<HttpResponse<String>>> sent = new CompletableFuture<>();
        Thread caller = new Thread(() -> {
            CompletableFuture<HttpResponse<String>> cf = jdk.sendAsync(url(call.path), call);
            sent.complete(cf);
            try {
                seen.complete(JdkHttpContractSupport.seen(cf.get()));
            } catch (InterruptedException e) {
                cf.cancel(true); // HttpClientImpl.send does exactly this
                Thread.currentThread().interrupt();
                seen.complete(new Seen(e, Thread.currentThread().isInterrupted()));
            } catch (ExecutionException e) {
                seen.complete(new Seen(e.getCause(), Thread.currentThread().isInterrupted()));
            } catch (CancellationException e) {
                seen.complete(new Seen(e, Thread.currentThread().isInterrupted()));
            }
        });
        caller.start();
        return new Running() {
            @Override
            public void cancel() {
                sent.join().cancel(true);
            }

            @Override
            public void interrupt() {
                caller.interrupt();
            }

            @Override
            public Seen await(long millis) throws Exception {
                return seen.get(millis, TimeUnit.MILLISECONDS);
            }
        };
    }
}
