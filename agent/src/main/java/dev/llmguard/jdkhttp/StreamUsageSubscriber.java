package dev.llmguard.jdkhttp;

import dev.llmguard.core.body.StreamUsageTap;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Flow;

/**
 * The application's subscriber for a streamed success, its items also read by a
 * {@link StreamUsageTap} as they pass (the application's buffers are left as they were). Nothing is held back or delayed. The stream's end, its failure or the application's
 * cancelling it (closing its input stream) ends the tap.
 */
final class StreamUsageSubscriber implements HttpResponse.BodySubscriber<AttemptBody> {
    private final HttpResponse.BodySubscriber<?> app;
    private final StreamUsageTap tap;

    StreamUsageSubscriber(HttpResponse.BodySubscriber<?> app, StreamUsageTap tap) {
        this.app = app;
        this.tap = tap;
    }

    @Override
    public CompletionStage<AttemptBody> getBody() {
        return app.getBody().thenApply(b -> AttemptBody.streamed(b, tap));
    }

    @Override
    public void onSubscribe(final Flow.Subscription subscription) {
        app.onSubscribe(new Flow.Subscription() {
            @Override
            public void request(long n) {
                subscription.request(n);
            }

            @Override
            public void cancel() {
                try {
                    subscription.cancel();
                } finally {
                    tap.end();
                }
            }
        });
    }

    @Override
    public void onNext(List<ByteBuffer> items) {
        for (ByteBuffer b : items) {
            tap.bytes(b);
        }
        app.onNext(items);
    }

    @Override
    public void onError(Throwable throwable) {
        tap.end();
        app.onError(throwable);
    }

    @Override
    public void onComplete() {
        tap.end();
        app.onComplete();
    }
}
