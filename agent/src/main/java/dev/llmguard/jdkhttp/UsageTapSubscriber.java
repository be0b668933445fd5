package dev.llmguard.jdkhttp;

import dev.llmguard.core.body.UsageTap;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Flow;

/**
 * The application's subscriber for a success body, its items also read by a {@link UsageTap} as
 * they pass (the application's buffers are left as they were): an event stream's, or a plain JSON
 * body's (whole by the time the response completes for a handler that reads it all, still ahead
 * for an input-stream handler). Nothing is held back or delayed. The body's end, its failure or the
 * application's cancelling it (closing its input stream) ends the tap.
 */
final class UsageTapSubscriber implements HttpResponse.BodySubscriber<AttemptBody> {
    private final HttpResponse.BodySubscriber<?> app;
    private final UsageTap tap;

    UsageTapSubscriber(HttpResponse.BodySubscriber<?> app, UsageTap tap) {
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
