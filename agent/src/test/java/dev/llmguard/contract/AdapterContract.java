package dev.llmguard.contract;

import static org.assertj.core.api.Assertions.assertThat;

import dev.llmguard.config.GuardConfig;
import dev.llmguard.config.Limits;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import okhttp3.mockwebserver.Dispatcher;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.MockWebServer;
import okhttp3.mockwebserver.RecordedRequest;
import okhttp3.mockwebserver.SocketPolicy;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What every adapter must do, proved the same way for each against a local server: each client's
 * test extends this class and says how its client sends a call. The server's own record (requests,
 * bodies, arrival times) and what the application saw are what the tests assert on.
 */
public abstract class AdapterContract {
    protected static final String CHAT = "/v1/chat/completions";
    protected static final String BODY = "{\"model\":\"gpt-4o-mini\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}";

    /** One call as the application makes it. */
    public static final class AppCall {
        public final String path;
        public final byte[] body;
        public final boolean oneShot;
        public final long callTimeoutMillis;

        AppCall(String path, byte[] body, boolean oneShot, long callTimeoutMillis) {
            this.path = path;
            this.body = body;
            this.oneShot = oneShot;
            this.callTimeoutMillis = callTimeoutMillis;
        }
    }

    /** A call with a replayable body and a whole-call timeout, for adapter-specific tests. */
    public static AppCall call(String path, byte[] body, long callTimeoutMillis) {
        return new AppCall(path, body, false, callTimeoutMillis);
    }

    /** What the application saw: a response, or the exception its client threw. */
    public static final class Seen {
        public final int status;
        public final String body;
        public final Map<String, String> headers;
        public final Throwable failure;
        public final Boolean interruptFlag;

        public Seen(int status, String body, Map<String, String> headers) {
            this(status, body, headers, null, null);
        }

        public Seen(Throwable failure, Boolean interruptFlag) {
            this(-1, null, Collections.<String, String>emptyMap(), failure, interruptFlag);
        }

        private Seen(int status, String body, Map<String, String> headers, Throwable failure, Boolean interruptFlag) {
            this.status = status;
            this.body = body;
            TreeMap<String, String> h = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
            h.putAll(headers);
            this.headers = h;
            this.failure = failure;
            this.interruptFlag = interruptFlag;
        }
    }

    /** A call running in the background, for the cancel and interrupt cases. */
    public interface Running {
        void cancel();

        /** Interrupts the thread that waits for the call (blocking clients). */
        void interrupt();

        Seen await(long millis) throws Exception;
    }

    protected MockWebServer server;
    private final List<Long> arrivals = Collections.synchronizedList(new ArrayList<Long>());
    private final List<MockResponse> script = Collections.synchronizedList(new ArrayList<MockResponse>());

    /** Starts guarding the adapter's calls with this configuration. */
    protected abstract void activate(GuardConfig config);

    protected abstract void deactivate();

    /** Sends the call and waits for what the application sees. */
    protected abstract Seen send(AppCall call) throws Exception;

    protected abstract Running start(AppCall call);

    /** What the client itself reports when its call is cancelled. */
    protected Class<? extends Throwable> cancelFailure() {
        return IOException.class;
    }

    /** What the client itself throws when the thread waiting for it is interrupted. */
    protected Class<? extends Throwable> interruptFailure() {
        return InterruptedIOException.class;
    }

    /** False for clients whose callers do not wait on a thread of their own (asynchronous ones). */
    protected boolean waitsOnCallerThread() {
        return true;
    }

    /** False for clients whose calls have no timeout as a whole (the classic Apache clients time each attempt only). */
    protected boolean hasCallTimeout() {
        return true;
    }

    @BeforeEach
    void startServer() throws IOException {
        server = new MockWebServer();
        server.setDispatcher(new Dispatcher() {
            @Override
            public MockResponse dispatch(RecordedRequest request) {
                arrivals.add(System.nanoTime());
                synchronized (script) {
                    return script.isEmpty() ? new MockResponse().setResponseCode(200).setBody("{\"ok\":true}") : script.remove(0);
                }
            }
        });
        server.start();
        activate(fast().build());
    }

    @AfterEach
    void stopServer() throws IOException {
        deactivate();
        server.shutdown();
    }

    protected static GuardConfig.Builder fast() {
        return GuardConfig.builder().retryBaseDelayMillis(10).retryMaxDelayMillis(50).strict(true);
    }

    protected String url(String path) {
        return server.url(path).toString();
    }

    private void answer(MockResponse... responses) {
        Collections.addAll(script, responses);
    }

    private static AppCall chat() {
        return new AppCall(CHAT, BODY.getBytes(StandardCharsets.UTF_8), false, 0);
    }

    private List<String> receivedBodies() throws InterruptedException {
        List<String> bodies = new ArrayList<>();
        for (int i = 0, n = server.getRequestCount(); i < n; i++) {
            bodies.add(server.takeRequest(1, TimeUnit.SECONDS).getBody().readUtf8());
        }
        return bodies;
    }

    private long millisBetweenFirstTwoArrivals() {
        return TimeUnit.NANOSECONDS.toMillis(arrivals.get(1) - arrivals.get(0));
    }

    @Test
    void retriesA429AndA503UntilSuccessSendingTheSameBytes() throws Exception {
        answer(new MockResponse().setResponseCode(429).setHeader("retry-after-ms", "50"),
                new MockResponse().setResponseCode(503),
                new MockResponse().setResponseCode(200).setBody("done"));
        Seen seen = send(chat());
        assertThat(seen.status).isEqualTo(200);
        assertThat(seen.body).isEqualTo("done");
        assertThat(receivedBodies()).containsExactly(BODY, BODY, BODY);
    }

    @Test
    void honoursRetryAfterMs() throws Exception {
        assertWaitsAtLeast(300, new MockResponse().setResponseCode(429).setHeader("retry-after-ms", "300"));
    }

    @Test
    void honoursRetryAfterSeconds() throws Exception {
        assertWaitsAtLeast(1000, new MockResponse().setResponseCode(429).setHeader("retry-after", "1"));
    }

    @Test
    void honoursTheResetHeaderOfTheExhaustedLimit() throws Exception {
        assertWaitsAtLeast(400, new MockResponse().setResponseCode(429)
                .setHeader("x-ratelimit-limit-requests", "60").setHeader("x-ratelimit-remaining-requests", "0")
                .setHeader("x-ratelimit-reset-requests", "400ms"));
    }

    @Test
    void honoursTheWaitInOpenAisMessage() throws Exception {
        assertWaitsAtLeast(400, new MockResponse().setResponseCode(429).setHeader("content-type", "application/json")
                .setBody("{\"error\":{\"message\":\"Rate limit reached. Please try again in 400ms.\",\"type\":\"requests\","
                        + "\"param\":null,\"code\":\"rate_limit_exceeded\"}}"));
    }

    @Test
    void honoursGeminisRetryInfo() throws Exception {
        assertWaitsAtLeast(400, new MockResponse().setResponseCode(429).setHeader("content-type", "application/json")
                .setBody("{\"error\":{\"code\":429,\"status\":\"RESOURCE_EXHAUSTED\",\"details\":[{\"@type\":"
                        + "\"type.googleapis.com/google.rpc.RetryInfo\",\"retryDelay\":\"0.4s\"}]}}"));
    }

    private void assertWaitsAtLeast(long millis, MockResponse first) throws Exception {
        answer(first, new MockResponse().setResponseCode(200).setBody("done"));
        Seen seen = send(chat());
        assertThat(seen.status).isEqualTo(200);
        assertThat(server.getRequestCount()).isEqualTo(2);
        assertThat(millisBetweenFirstTwoArrivals()).isGreaterThanOrEqualTo(millis - 20);
    }

    @Test
    void sendsAFutileQuotaErrorOnceAndHandsItOver() throws Exception {
        String quota = "{\"error\":{\"message\":\"You exceeded your current quota\",\"type\":\"insufficient_quota\","
                + "\"param\":null,\"code\":\"insufficient_quota\"}}";
        answer(new MockResponse().setResponseCode(429).setHeader("content-type", "application/json").setBody(quota));
        Seen seen = send(chat());
        assertThat(seen.status).isEqualTo(429);
        assertThat(seen.body).isEqualTo(quota);
        assertThat(server.getRequestCount()).isEqualTo(1);
    }

    @Test
    void neverSendsAOneShotBodyTwice() throws Exception {
        answer(new MockResponse().setResponseCode(429).setHeader("retry-after-ms", "10"));
        Seen seen = send(new AppCall(CHAT, BODY.getBytes(StandardCharsets.UTF_8), true, 0));
        assertThat(seen.status).isEqualTo(429);
        assertThat(receivedBodies()).containsExactly(BODY);
    }

    @Test
    void givesTheApplicationTheLastResponseUnchangedWhenItGivesUp() throws Exception {
        for (int i = 0; i < 5; i++) {
            answer(new MockResponse().setResponseCode(429).setHeader("retry-after-ms", "10")
                    .setHeader("x-request-id", "req_" + i).setBody("{\"n\":" + i + "}"));
        }
        Seen seen = send(chat());
        assertThat(seen.status).isEqualTo(429);
        assertThat(seen.headers.get("x-request-id")).isEqualTo("req_4");
        assertThat(seen.body).isEqualTo("{\"n\":4}");
        assertThat(server.getRequestCount()).isEqualTo(5);
    }

    @Test
    void cancellingTheCallStopsTheWaitAtOnce() throws Exception {
        answer(new MockResponse().setResponseCode(429).setHeader("retry-after", "20"));
        Running running = start(chat());
        Thread.sleep(300);
        long start = System.nanoTime();
        running.cancel();
        Seen seen = running.await(3_000);
        assertThat(seen.failure).isInstanceOf(cancelFailure());
        assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start)).isLessThan(1_000);
        assertThat(server.getRequestCount()).isEqualTo(1);
    }

    @Test
    void interruptingTheWaitingThreadStopsTheWaitAndKeepsTheFlag() throws Exception {
        Assumptions.assumeTrue(waitsOnCallerThread(), "no thread of the caller's waits: nothing to interrupt");
        answer(new MockResponse().setResponseCode(429).setHeader("retry-after", "20"));
        Running running = start(chat());
        Thread.sleep(300);
        running.interrupt();
        Seen seen = running.await(3_000);
        assertThat(seen.failure).isInstanceOf(interruptFailure());
        assertThat(seen.interruptFlag).isTrue();
        assertThat(server.getRequestCount()).isEqualTo(1);
    }

    @Test
    void givesUpRatherThanWaitPastTheCallTimeout() throws Exception {
        Assumptions.assumeTrue(hasCallTimeout(), "the client has no timeout for a whole call");
        answer(new MockResponse().setResponseCode(429).setHeader("retry-after", "5"));
        long start = System.nanoTime();
        Seen seen = send(new AppCall(CHAT, BODY.getBytes(StandardCharsets.UTF_8), false, 1_000));
        assertThat(seen.status).isEqualTo(429);
        assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start)).isLessThan(1_000);
        assertThat(server.getRequestCount()).isEqualTo(1);
    }

    @Test
    void refusesLocallyWithA429InOpenAisShapeWhenTheQuotaWaitIsTooLong() throws Exception {
        activate(fast().limitsDefault(Limits.parse("rpm=1")).throttleMaxWaitMillis(100).build());
        assertThat(send(chat()).status).isEqualTo(200);
        Seen refused = send(chat());
        assertThat(refused.status).isEqualTo(429);
        assertThat(refused.headers.get("x-llm-guard")).isEqualTo("refused");
        assertThat(Long.parseLong(refused.headers.get("retry-after"))).isGreaterThanOrEqualTo(1);
        assertThat(refused.headers.get("content-type")).startsWith("application/json");
        assertThat(refused.body).contains("\"code\":\"rate_limit_exceeded\"").contains("\"type\":\"requests\"");
        assertThat(server.getRequestCount()).isEqualTo(1);
    }

    @Test
    void answersLocallyWithA503InOpenAisShapeWhileTheCircuitIsOpen() throws Exception {
        activate(fast().retryMaxAttempts(1).breakerFailureThreshold(1).breakerCooldownMillis(60_000).build());
        answer(new MockResponse().setResponseCode(503));
        assertThat(send(chat()).status).isEqualTo(503);
        Seen local = send(chat());
        assertThat(local.status).isEqualTo(503);
        assertThat(local.headers.get("x-llm-guard")).isEqualTo("circuit-open");
        assertThat(Long.parseLong(local.headers.get("retry-after"))).isBetween(59L, 60L);
        assertThat(local.headers.get("content-type")).startsWith("application/json");
        assertThat(local.body).contains("\"code\":\"circuit_open\"").contains("\"type\":\"server_error\"");
        assertThat(server.getRequestCount()).isEqualTo(1);
    }

    @Test
    void observeModeSendsExactlyWhatTheApplicationSends() throws Exception {
        activate(fast().mode(GuardConfig.Mode.OBSERVE).build());
        answer(new MockResponse().setResponseCode(429).setHeader("retry-after-ms", "10"));
        assertThat(send(chat()).status).isEqualTo(429);
        assertThat(server.getRequestCount()).isEqualTo(1);
    }

    @Test
    void theServerSeesAtMostMaxAttemptsWhenTheClientResendsOnAStaleConnection() throws Exception {
        for (int max : new int[] {5, 2}) {
            activate(fast().retryMaxAttempts(max).build());
            int before = server.getRequestCount();
            script.clear();
            for (int i = 0; i < 10; i++) {
                // a 503 that keeps the connection, then the next request on it read and dropped unanswered
                answer(new MockResponse().setResponseCode(503), new MockResponse().setSocketPolicy(SocketPolicy.DISCONNECT_AFTER_REQUEST));
            }
            Seen seen = send(chat());
            assertThat(seen.status == 503 || seen.failure instanceof IOException).as("the last upstream answer").isTrue();
            assertThat(server.getRequestCount() - before).as("server requests with max-attempts %d", max).isBetween(1, max);
        }
    }

    @Test
    void leavesCallsOutsideItsScopeAlone() throws Exception {
        answer(new MockResponse().setResponseCode(429).setHeader("retry-after-ms", "10"));
        Seen seen = send(new AppCall("/internal/orders", BODY.getBytes(StandardCharsets.UTF_8), false, 0));
        assertThat(seen.status).isEqualTo(429);
        assertThat(server.getRequestCount()).isEqualTo(1);
    }
}
