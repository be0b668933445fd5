package dev.llmguard.it.support;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.function.Supplier;
import okhttp3.mockwebserver.Dispatcher;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.RecordedRequest;

/**
 * Serves scripted responses in order (the last one repeats) and records what arrived and when,
 * so tests can assert on request counts, bodies and the time between attempts.
 */
public final class RecordingDispatcher extends Dispatcher {
    private final ConcurrentLinkedQueue<Supplier<MockResponse>> script = new ConcurrentLinkedQueue<>();
    private volatile Supplier<MockResponse> last = () -> new MockResponse().setResponseCode(200).setBody("{}");
    private final List<Arrival> arrivals = Collections.synchronizedList(new ArrayList<>());

    public RecordingDispatcher then(MockResponse response) {
        return then(() -> response);
    }

    /** A response made when the request arrives, e.g. with a date relative to that moment. */
    public RecordingDispatcher then(Supplier<MockResponse> response) {
        script.add(response);
        last = response;
        return this;
    }

    @Override
    public MockResponse dispatch(RecordedRequest request) {
        byte[] raw = request.getBody().readByteArray();
        arrivals.add(new Arrival(System.nanoTime(), request.getPath(), raw, request.getHeaders().toMultimap()));
        Supplier<MockResponse> next = script.poll();
        return (next != null ? next : last).get();
    }

    public List<Arrival> arrivals() {
        synchronized (arrivals) {
            return new ArrayList<>(arrivals);
        }
    }

    public int count() {
        return arrivals.size();
    }

    /** One request as the server saw it. */
    public static final class Arrival {
        public final long nanos;
        public final String path;
        public final String body;
        public final int bodyBytes;
        /** SHA-256 of the body's bytes, in hex. */
        public final String bodySha256;
        public final java.util.Map<String, List<String>> headers;

        public Arrival(long nanos, String path, byte[] body, java.util.Map<String, List<String>> headers) {
            this.nanos = nanos;
            this.path = path;
            this.body = new String(body, java.nio.charset.StandardCharsets.UTF_8);
            this.bodyBytes = body.length;
            this.bodySha256 = sha256(body);
            this.headers = headers;
        }

        public static String sha256(byte[] bytes) {
            try {
                return java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256").digest(bytes));
            } catch (java.security.NoSuchAlgorithmException e) {
                throw new IllegalStateException(e);
            }
        }
    }
}
