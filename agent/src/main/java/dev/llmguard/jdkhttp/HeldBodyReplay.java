package dev.llmguard.jdkhttp;

import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.util.Collections;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Flow;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Gives a held body to the application's own handler, exactly as the network would have: one
 * item with every byte, then completion. The application's handler is applied only to the response
 * it gets, never to attempts the guard dropped.
 */
final class HeldBodyReplay {
    private HeldBodyReplay() {
    }

    static <T> CompletionStage<T> replay(HttpResponse.BodyHandler<T> handler, final HttpResponse<?> response, byte[] bytes) {
        HttpResponse.ResponseInfo info = new HttpResponse.ResponseInfo() {
            @Override
            public int statusCode() {
                return response.statusCode();
            }

            @Override
            public HttpHeaders headers() {
                return response.headers();
            }

            @Override
            public HttpClient.Version version() {
                return response.version();
            }
        };
        final HttpResponse.BodySubscriber<T> subscriber = handler.apply(info);
        final ByteBuffer all = ByteBuffer.wrap(bytes);
        final AtomicBoolean delivered = new AtomicBoolean();
        subscriber.onSubscribe(new Flow.Subscription() {
            @Override
            public void request(long n) {
                if (n > 0 && delivered.compareAndSet(false, true)) {
                    if (all.hasRemaining()) {
                        subscriber.onNext(Collections.singletonList(all));
                    }
                    subscriber.onComplete();
                }
            }

            @Override
            public void cancel() {
                delivered.set(true);
            }
        });
        return subscriber.getBody();
    }
}
