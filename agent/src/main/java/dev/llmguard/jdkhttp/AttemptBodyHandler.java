package dev.llmguard.jdkhttp;

import dev.llmguard.core.body.UsageTap;
import java.io.ByteArrayOutputStream;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Flow;

/**
 * The body handler each attempt is sent with, around the application's own. A response that may
 * be retried (status 408, 429 or 5xx) is held, up to {@code maxHeldBytes}, so the guard can read
 * its error body and drop it; when it turns out larger, the application's handler takes over from
 * the first byte and the response is handed on as it is. Every other response goes to the
 * application's handler at once: a stream that begins is never buffered or delayed (a streamed
 * success passes a tap on its way, for the usage its events report).
 */
final class AttemptBodyHandler implements HttpResponse.BodyHandler<AttemptBody> {
    private final HttpResponse.BodyHandler<?> application;
    private final int maxHeldBytes;

    AttemptBodyHandler(HttpResponse.BodyHandler<?> application, int maxHeldBytes) {
        this.application = application;
        this.maxHeldBytes = maxHeldBytes;
    }

    static boolean mayBeRetried(int status) {
        return status == 408 || status == 429 || status >= 500;
    }

    @Override
    public HttpResponse.BodySubscriber<AttemptBody> apply(HttpResponse.ResponseInfo info) {
        if (!mayBeRetried(info.statusCode())) {
            // this client never reads a success ahead: JSON too is read as it passes
            UsageTap tap = UsageTap.forSuccess(info.statusCode(), info.headers().firstValue("content-type").orElse(null), false,
                    maxHeldBytes);
            if (tap != null) {
                return new UsageTapSubscriber(application.apply(info), tap);
            }
            return HttpResponse.BodySubscribers.mapping(application.apply(info), AttemptBody::applications);
        }
        return new Holding(info);
    }

    /** Holds the body; past the bound, hands it to the application's subscriber, first bytes included. */
    private final class Holding implements HttpResponse.BodySubscriber<AttemptBody> {
        private final HttpResponse.ResponseInfo info;
        private final CompletableFuture<AttemptBody> body = new CompletableFuture<AttemptBody>();
        private final ByteArrayOutputStream held = new ByteArrayOutputStream();
        private Flow.Subscription subscription;
        private HttpResponse.BodySubscriber<?> handedOver;

        Holding(HttpResponse.ResponseInfo info) {
            this.info = info;
        }

        @Override
        public CompletionStage<AttemptBody> getBody() {
            return body;
        }

        @Override
        public void onSubscribe(Flow.Subscription s) {
            subscription = s;
            s.request(1); // one item at a time: demand that a subscriber handed over later has not asked for is never run up
        }

        @Override
        public void onNext(List<ByteBuffer> items) {
            if (handedOver != null) {
                handedOver.onNext(items);
                return;
            }
            for (ByteBuffer b : items) {
                byte[] copy = new byte[b.remaining()];
                b.get(copy);
                held.write(copy, 0, copy.length);
            }
            if (held.size() > maxHeldBytes) {
                handOver();
            } else {
                subscription.request(1);
            }
        }

        private void handOver() {
            handedOver = application.apply(info);
            handedOver.onSubscribe(subscription);
            handedOver.onNext(java.util.Collections.singletonList(ByteBuffer.wrap(held.toByteArray())));
            held.reset();
            handedOver.getBody().whenComplete((b, t) -> {
                if (t != null) {
                    body.completeExceptionally(t);
                } else {
                    body.complete(AttemptBody.applications(b));
                }
            });
        }

        @Override
        public void onError(Throwable t) {
            if (handedOver != null) {
                handedOver.onError(t);
            } else {
                body.completeExceptionally(t);
            }
        }

        @Override
        public void onComplete() {
            if (handedOver != null) {
                handedOver.onComplete();
            } else {
                body.complete(AttemptBody.held(held.toByteArray()));
            }
        }
    }
}
