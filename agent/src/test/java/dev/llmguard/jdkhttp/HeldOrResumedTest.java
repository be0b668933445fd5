package dev.llmguard.jdkhttp;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.http.HttpRequest;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Flow;
import java.util.concurrent.SubmissionPublisher;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** An adapted request body is read once: held when short, else sent once, whole and in order. */
class HeldOrResumedTest {
    /** Publishes {@code items} chunks of {@code size} bytes ('a', 'b', ...) and counts its subscriptions. */
    private static final class Chunks implements Flow.Publisher<ByteBuffer> {
        final AtomicInteger subscriptions = new AtomicInteger();
        private final int items;
        private final int size;

        Chunks(int items, int size) {
            this.items = items;
            this.size = size;
        }

        String all() {
            StringBuilder sb = new StringBuilder();
            for (int i = 0; i < items; i++) {
                sb.append(String.valueOf((char) ('a' + i % 26)).repeat(size));
            }
            return sb.toString();
        }

        @Override
        public void subscribe(Flow.Subscriber<? super ByteBuffer> s) {
            subscriptions.incrementAndGet();
            s.onSubscribe(new Flow.Subscription() {
                int next;
                long demand;
                boolean emitting;
                boolean done;

                @Override
                public synchronized void request(long n) {
                    demand += n;
                    if (emitting) {
                        return; // a request from inside onNext: the loop below goes on (no recursion)
                    }
                    emitting = true;
                    while (demand > 0 && next < items) {
                        demand--;
                        s.onNext(ByteBuffer.wrap(String.valueOf((char) ('a' + next++ % 26)).repeat(size).getBytes(StandardCharsets.US_ASCII)));
                    }
                    if (next == items && !done) {
                        done = true;
                        s.onComplete();
                    }
                    emitting = false;
                }

                @Override
                public void cancel() {
                }
            });
        }
    }

    private static String drain(HttpRequest.BodyPublisher publisher) throws Exception {
        CompletableFuture<String> out = new CompletableFuture<>();
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        publisher.subscribe(new Flow.Subscriber<ByteBuffer>() {
            Flow.Subscription s;

            @Override
            public void onSubscribe(Flow.Subscription subscription) {
                s = subscription;
                s.request(1);
            }

            @Override
            public void onNext(ByteBuffer item) {
                byte[] b = new byte[item.remaining()];
                item.get(b);
                bytes.write(b, 0, b.length);
                s.request(1);
            }

            @Override
            public void onError(Throwable t) {
                out.completeExceptionally(t);
            }

            @Override
            public void onComplete() {
                out.complete(bytes.toString(StandardCharsets.US_ASCII));
            }
        });
        return out.get(5, TimeUnit.SECONDS);
    }

    @Test
    void holdsABodyThatEndsWithinTheBound() throws Exception {
        Chunks chunks = new Chunks(3, 10);
        HeldOrResumed read = HeldOrResumed.read(HttpRequest.BodyPublishers.fromPublisher(chunks), 100, 1_000);
        assertThat(new String(read.held(), StandardCharsets.US_ASCII)).isEqualTo(chunks.all());
        assertThat(read.failure()).isNull();
        assertThat(chunks.subscriptions).hasValue(1);
    }

    @Test
    void sendsALongerBodyOnceWholeAndInOrder() throws Exception {
        Chunks chunks = new Chunks(40, 100);
        HeldOrResumed read = HeldOrResumed.read(HttpRequest.BodyPublishers.fromPublisher(chunks), 250, 1_000);
        assertThat(read.held()).isNull();
        assertThat(drain(read.resumed())).isEqualTo(chunks.all());
        assertThat(chunks.subscriptions).as("the application's publisher is subscribed to once").hasValue(1);
    }

    @Test
    void aSlowBodyIsSentAsItComes() throws Exception {
        SubmissionPublisher<ByteBuffer> slow = new SubmissionPublisher<>();
        HttpRequest.BodyPublisher adapted = HttpRequest.BodyPublishers.fromPublisher(slow);
        CompletableFuture<HeldOrResumed> reading = CompletableFuture.supplyAsync(() -> {
            try {
                return HeldOrResumed.read(adapted, 1_000, 200);
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });
        while (slow.getNumberOfSubscribers() == 0) {
            Thread.sleep(5);
        }
        slow.submit(ByteBuffer.wrap("first ".getBytes(StandardCharsets.US_ASCII)));
        HeldOrResumed read = reading.get(5, TimeUnit.SECONDS);
        assertThat(read.held()).as("not ended within the wait").isNull();
        CompletableFuture<String> sent = CompletableFuture.supplyAsync(() -> {
            try {
                return drain(read.resumed());
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        slow.submit(ByteBuffer.wrap("second".getBytes(StandardCharsets.US_ASCII)));
        slow.close();
        assertThat(sent.get(5, TimeUnit.SECONDS)).isEqualTo("first second");
    }

    @Test
    void reportsThePublishersOwnFailure() throws Exception {
        IOException broken = new IOException("disk gone");
        Flow.Publisher<ByteBuffer> failing = s -> {
            s.onSubscribe(new Flow.Subscription() {
                @Override
                public void request(long n) {
                    s.onError(broken);
                }

                @Override
                public void cancel() {
                }
            });
        };
        HeldOrResumed read = HeldOrResumed.read(HttpRequest.BodyPublishers.fromPublisher(failing), 100, 1_000);
        assertThat(read.failure()).isSameAs(broken);
        assertThat(read.held()).isNull();
    }
}
