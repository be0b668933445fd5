package dev.llmguard.jdkhttp;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** What each attempt's body handler leaves: held error bodies, the application's own body, a tap on a success for its usage. */
class AttemptBodyHandlerTest {
    private static HttpResponse.ResponseInfo info(int status, String contentType) {
        HttpHeaders headers = HttpHeaders.of(Map.of("content-type", List.of(contentType)), (a, b) -> true);
        return new HttpResponse.ResponseInfo() {
            @Override
            public int statusCode() {
                return status;
            }

            @Override
            public HttpHeaders headers() {
                return headers;
            }

            @Override
            public HttpClient.Version version() {
                return HttpClient.Version.HTTP_1_1;
            }
        };
    }

    private static AttemptBody feed(HttpResponse.BodySubscriber<AttemptBody> subscriber, String... chunks) throws Exception {
        subscriber.onSubscribe(new Flow.Subscription() {
            @Override
            public void request(long n) {
            }

            @Override
            public void cancel() {
            }
        });
        for (String chunk : chunks) {
            subscriber.onNext(Collections.singletonList(ByteBuffer.wrap(chunk.getBytes(StandardCharsets.UTF_8))));
        }
        subscriber.onComplete();
        return subscriber.getBody().toCompletableFuture().get(5, TimeUnit.SECONDS);
    }

    private static long told(AttemptBody body) {
        long[] total = {-1};
        body.usageTap().whenEnded(u -> total[0] = u.totalTokens());
        return total[0];
    }

    @Test
    void aJsonSuccessGoesToTheApplicationThroughATapForItsUsage() throws Exception {
        AttemptBodyHandler handler = new AttemptBodyHandler(HttpResponse.BodyHandlers.ofString(), 1024);
        AttemptBody body = feed(handler.apply(info(200, "application/json")), "{\"usage\":", "{\"total_tokens\":8}}");
        assertThat(body.isHeld()).isFalse();
        assertThat(body.applicationsBody()).isEqualTo("{\"usage\":{\"total_tokens\":8}}");
        assertThat(told(body)).isEqualTo(8);
    }

    @Test
    void aJsonSuccessReadAsAStreamTellsItsUsageWhenTheApplicationHasReadIt() throws Exception {
        AttemptBodyHandler handler = new AttemptBodyHandler(HttpResponse.BodyHandlers.ofInputStream(), 1024);
        HttpResponse.BodySubscriber<AttemptBody> subscriber = handler.apply(info(200, "application/json"));
        subscriber.onSubscribe(new Flow.Subscription() {
            @Override
            public void request(long n) {
            }

            @Override
            public void cancel() {
            }
        });
        AttemptBody body = subscriber.getBody().toCompletableFuture().get(5, TimeUnit.SECONDS);
        long[] total = {-1};
        body.usageTap().whenEnded(u -> total[0] = u.totalTokens());
        assertThat(total[0]).as("nothing before the body is read").isEqualTo(-1);
        subscriber.onNext(Collections.singletonList(ByteBuffer.wrap("{\"usage\":{\"total_tokens\":9}}".getBytes(StandardCharsets.UTF_8))));
        subscriber.onComplete();
        try (java.io.InputStream in = (java.io.InputStream) body.applicationsBody()) {
            assertThat(new String(in.readAllBytes(), StandardCharsets.UTF_8)).isEqualTo("{\"usage\":{\"total_tokens\":9}}");
        }
        assertThat(total[0]).isEqualTo(9);
    }

    @Test
    void aStreamTheApplicationClosesEarlyEndsItsTapWithWhatWasRead() throws Exception {
        AttemptBodyHandler handler = new AttemptBodyHandler(HttpResponse.BodyHandlers.ofInputStream(), 1024);
        HttpResponse.BodySubscriber<AttemptBody> subscriber = handler.apply(info(200, "text/event-stream"));
        boolean[] cancelled = {false};
        subscriber.onSubscribe(new Flow.Subscription() {
            @Override
            public void request(long n) {
            }

            @Override
            public void cancel() {
                cancelled[0] = true;
            }
        });
        AttemptBody body = subscriber.getBody().toCompletableFuture().get(5, TimeUnit.SECONDS);
        long[] total = {-1};
        body.usageTap().whenEnded(u -> total[0] = u.totalTokens());
        subscriber.onNext(Collections.singletonList(ByteBuffer.wrap("data: {\"usage\":{\"total_tokens\":4}}\n\n".getBytes(StandardCharsets.UTF_8))));
        ((java.io.InputStream) body.applicationsBody()).close(); // before the stream's end
        assertThat(cancelled[0]).as("the application's close reaches the client").isTrue();
        assertThat(total[0]).isEqualTo(4);
    }

    @Test
    void aStreamPassesThroughItsTapUnchanged() throws Exception {
        AttemptBodyHandler handler = new AttemptBodyHandler(HttpResponse.BodyHandlers.ofString(), 1024);
        AttemptBody body = feed(handler.apply(info(200, "text/event-stream")), "data: {\"usage\":{\"total_tokens\":3}}\n\n");
        assertThat(body.applicationsBody()).isEqualTo("data: {\"usage\":{\"total_tokens\":3}}\n\n");
        assertThat(told(body)).isEqualTo(3);
    }

    @Test
    void aRetryableErrorIsHeldAndAnOversizedOneHandedToTheApplication() throws Exception {
        AttemptBodyHandler handler = new AttemptBodyHandler(HttpResponse.BodyHandlers.ofString(), 8);
        AttemptBody small = feed(handler.apply(info(429, "application/json")), "{\"e\":1}");
        assertThat(new String(small.heldBytes(), StandardCharsets.UTF_8)).isEqualTo("{\"e\":1}");
        AttemptBody large = feed(handler.apply(info(503, "application/json")), "{\"error\":", "\"overloaded\"}");
        assertThat(large.isHeld()).isFalse();
        assertThat(large.applicationsBody()).as("every byte, first ones included").isEqualTo("{\"error\":\"overloaded\"}");
    }
}
