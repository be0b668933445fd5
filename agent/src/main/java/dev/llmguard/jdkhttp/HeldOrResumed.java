package dev.llmguard.jdkhttp;

import java.io.ByteArrayOutputStream;
import java.net.http.HttpRequest;
import java.nio.ByteBuffer;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Reads an adapted request body ({@code BodyPublishers.fromPublisher}, as Spring's
 * {@code JdkClientHttpRequestFactory} builds it) once, item by item. A body that ends within the
 * capture bound is held whole, and every attempt sends those bytes. A longer one, or one that is
 * slow to come, is never buffered further: the bytes read so far and the rest of the application's
 * stream go out once, in order, through {@link #resumed()}. The application's publisher is
 * subscribed to exactly once either way, so nothing is lost, doubled or reordered.
 */
final class HeldOrResumed implements Flow.Subscriber<ByteBuffer> {
    private final int maxHeldBytes;
    private final CompletableFuture<Void> decided = new CompletableFuture<Void>();
    private final ByteArrayOutputStream prefix = new ByteArrayOutputStream();
    private Flow.Subscription upstream;
    private boolean complete;
    private Throwable failure;
    private Flow.Subscriber<? super ByteBuffer> downstream;

    private HeldOrResumed(int maxHeldBytes) {
        this.maxHeldBytes = maxHeldBytes;
    }

    /** Subscribes and waits until the body ended, failed, outgrew the bound, or took longer than {@code waitMillis}. */
    static HeldOrResumed read(HttpRequest.BodyPublisher publisher, int maxHeldBytes, long waitMillis) throws InterruptedException {
        HeldOrResumed reader = new HeldOrResumed(maxHeldBytes);
        publisher.subscribe(reader);
        try {
            reader.decided.get(waitMillis, TimeUnit.MILLISECONDS);
        } catch (TimeoutException slow) {
            // the rest goes out as it comes, through resumed()
        } catch (java.util.concurrent.ExecutionException impossible) {
            throw new IllegalStateException(impossible);
        }
        return reader;
    }

    /** The whole body, when it ended within the bound; else null. */
    synchronized byte[] held() {
        return complete && downstream == null ? prefix.toByteArray() : null;
    }

    /** The publisher's own failure while it was read here, or null. */
    synchronized Throwable failure() {
        return failure;
    }

    /** A one-shot publisher of the bytes read so far followed by the rest of the application's stream. */
    HttpRequest.BodyPublisher resumed() {
        return new HttpRequest.BodyPublisher() {
            @Override
            public long contentLength() {
                return -1;
            }

            @Override
            public void subscribe(Flow.Subscriber<? super ByteBuffer> subscriber) {
                attach(subscriber);
            }
        };
    }

    /**
     * The subscriber becomes the downstream at its first request, not before: a signal of the
     * application's publisher must never reach it before its {@code onSubscribe} has returned,
     * and what arrives until then joins the bytes read so far, sent first.
     */
    private void attach(final Flow.Subscriber<? super ByteBuffer> subscriber) {
        subscriber.onSubscribe(new Flow.Subscription() {
            private boolean firstSent;

            @Override
            public void request(long n) {
                long more = n;
                boolean ended;
                Throwable failed;
                synchronized (HeldOrResumed.this) {
                    if (!firstSent && n > 0) {
                        firstSent = true;
                        downstream = subscriber;
                        byte[] first = prefix.toByteArray();
                        prefix.reset();
                        if (first.length > 0) {
                            more--;
                            subscriber.onNext(ByteBuffer.wrap(first)); // under the lock: before anything the publisher sends next
                        }
                    }
                    ended = complete;
                    failed = failure;
                }
                if (failed != null) {
                    subscriber.onError(failed);
                } else if (ended) {
                    subscriber.onComplete();
                } else if (more > 0) {
                    upstream.request(more);
                }
            }

            @Override
            public void cancel() {
                upstream.cancel();
            }
        });
    }

    @Override
    public void onSubscribe(Flow.Subscription subscription) {
        upstream = subscription;
        subscription.request(1); // one item at a time, so that nothing is asked for beyond the bound
    }

    @Override
    public void onNext(ByteBuffer item) {
        Flow.Subscriber<? super ByteBuffer> d;
        synchronized (this) {
            d = downstream;
            if (d == null) {
                byte[] b = new byte[item.remaining()];
                item.get(b);
                prefix.write(b, 0, b.length);
                if (prefix.size() > maxHeldBytes) {
                    decided.complete(null);
                    return;
                }
            }
        }
        if (d != null) {
            d.onNext(item);
        } else {
            upstream.request(1);
        }
    }

    @Override
    public void onError(Throwable t) {
        Flow.Subscriber<? super ByteBuffer> d;
        synchronized (this) {
            failure = t;
            d = downstream;
        }
        decided.complete(null);
        if (d != null) {
            d.onError(t);
        }
    }

    @Override
    public void onComplete() {
        Flow.Subscriber<? super ByteBuffer> d;
        synchronized (this) {
            complete = true;
            d = downstream;
        }
        decided.complete(null);
        if (d != null) {
            d.onComplete();
        }
    }
}
