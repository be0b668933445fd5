package dev.llmguard.bench;

import dev.llmguard.config.GuardConfig;
import dev.llmguard.core.events.GuardEvents;
import dev.llmguard.core.exchange.BlockingExchange;
import dev.llmguard.core.exchange.CallControl;
import dev.llmguard.core.exchange.LocalResponse;
import dev.llmguard.core.guard.RequestGuard;
import dev.llmguard.core.http.Headers;
import dev.llmguard.core.http.RequestInfo;
import dev.llmguard.core.http.ResponseInfo;
import dev.llmguard.core.loop.RetryLoop;
import dev.llmguard.log.GuardLog;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * What the core adds to one call, without any HTTP: the retry loop around an exchange that answers
 * at once like OpenAI (200, its rate-limit headers, a JSON body with usage), at zero configuration,
 * so every call goes through the scope decision, the request's summary and key hash, the quota's
 * admission and the response's facts. {@code send} alone is the baseline; out of scope is a host
 * and path the guard leaves alone. Run with {@code -prof gc} for the bytes allocated per call.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class CoreHotPathBenchmark {
    private static final byte[] BODY = ("{\"model\":\"gpt-4o-mini\",\"max_tokens\":16,\"messages\":[{\"role\":\"system\",\"content\":"
            + "\"You are terse.\"},{\"role\":\"user\",\"content\":\"Summarise the order status for customer 42 in one sentence.\"}]}")
            .getBytes(StandardCharsets.UTF_8);
    private static final byte[] ANSWER = ("{\"id\":\"chatcmpl-1\",\"object\":\"chat.completion\",\"choices\":[{\"index\":0,"
            + "\"message\":{\"role\":\"assistant\",\"content\":\"Shipped today.\"},\"finish_reason\":\"stop\"}],"
            + "\"usage\":{\"prompt_tokens\":31,\"completion_tokens\":4,\"total_tokens\":35}}").getBytes(StandardCharsets.UTF_8);

    /** Answers every attempt at once; its headers say the key has far more room than the benchmark uses. */
    static final class InstantExchange implements BlockingExchange<Integer> {
        private final String host;
        private final String path;
        private final Headers requestHeaders = Headers.of("Authorization", "Bearer sk-bench-0123456789abcdef",
                "Content-Type", "application/json");
        private final Headers responseHeaders = Headers.of("content-type", "application/json",
                "x-ratelimit-limit-requests", "100000000", "x-ratelimit-remaining-requests", "99999999",
                "x-ratelimit-reset-requests", "1ms", "x-ratelimit-limit-tokens", "10000000000",
                "x-ratelimit-remaining-tokens", "9999999999", "x-ratelimit-reset-tokens", "1ms", "x-request-id", "req_1");

        InstantExchange(String host, String path) {
            this.host = host;
            this.path = path;
        }

        @Override
        public String host() {
            return host;
        }

        @Override
        public String path() {
            return path;
        }

        @Override
        public String header(String name) {
            return requestHeaders.get(name);
        }

        @Override
        public RequestInfo request(int maxBodyCaptureBytes) {
            return RequestInfo.builder().method("POST").scheme("https").host(host()).port(443).path(path)
                    .headers(requestHeaders).body(BODY).bodyLength(BODY.length).bodyReplayable(true).build();
        }

        @Override
        public CallControl control() {
            return CallControl.NONE;
        }

        @Override
        public ResponseInfo view(Integer response, int maxJsonBodyBytes) {
            return new ResponseInfo(response, responseHeaders, null, ANSWER);
        }

        @Override
        public void discard(Integer response) {
        }

        @Override
        public Integer answerLocally(LocalResponse response) {
            return response.status();
        }

        @Override
        public Integer send() {
            return 200;
        }
    }

    private RetryLoop loop;
    private final InstantExchange inScope = new InstantExchange("api.openai.com", "/v1/chat/completions");
    private final InstantExchange outOfScope = new InstantExchange("orders.internal", "/api/orders");

    @Setup
    public void setUp() {
        loop = new RetryLoop(new RequestGuard(GuardConfig.builder().build(), new GuardEvents(GuardLog.create(GuardConfig.LogLevel.OFF))));
    }

    @Benchmark
    public Integer sendAlone() {
        return inScope.send();
    }

    @Benchmark
    public Integer inScopeCall() throws IOException {
        return loop.execute(inScope);
    }

    @Benchmark
    public Integer outOfScopeCall() throws IOException {
        return loop.execute(outOfScope);
    }
}
