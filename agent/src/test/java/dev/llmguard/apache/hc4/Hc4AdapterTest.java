package dev.llmguard.apache.hc4;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.atomic.AtomicInteger;
import org.apache.http.HttpHost;
import org.apache.http.HttpVersion;
import org.apache.http.client.methods.CloseableHttpResponse;
import org.apache.http.client.methods.HttpPost;
import org.apache.http.client.methods.HttpRequestWrapper;
import org.apache.http.client.protocol.HttpClientContext;
import org.apache.http.conn.routing.HttpRoute;
import org.apache.http.impl.execchain.ClientExecChain;
import org.junit.jupiter.api.Test;

/** The retry steps' hand-over: only the guard's own attempt skips them, and then the next step runs exactly once. */
class Hc4AdapterTest {
    private final Hc4Adapter adapter = new Hc4Adapter();
    private final HttpPost attempt = new HttpPost("http://localhost/v1/chat/completions");
    private final HttpRoute route = new HttpRoute(new HttpHost("localhost"));
    private final AtomicInteger passes = new AtomicInteger();
    private final CloseableHttpResponse answer = new Hc4LocalResponse(new dev.llmguard.core.exchange.LocalResponse(503, "Service Unavailable",
            dev.llmguard.core.http.Headers.builder().add("content-type", "application/json").build(), "{}"));
    private final ClientExecChain next = (r, request, context, execAware) -> {
        passes.incrementAndGet();
        return answer;
    };

    @Test
    void theGuardsAttemptGoesToTheNextStepOnce() throws Exception {
        HttpRequestWrapper wrapper = HttpRequestWrapper.wrap(attempt);
        assertThat(adapter.proceedOnce(null, attempt, next, route, wrapper, HttpClientContext.create(), attempt)).isSameAs(answer);
        assertThat(passes).hasValue(1);
        assertThat(answer.getStatusLine().getProtocolVersion()).isEqualTo(HttpVersion.HTTP_1_1);
    }

    @Test
    void anyOtherRequestKeepsTheClientsRetries() throws Exception {
        HttpPost other = new HttpPost("http://localhost/v1/chat/completions");
        assertThat(adapter.proceedOnce(null, attempt, next, route, HttpRequestWrapper.wrap(other), HttpClientContext.create(), other)).isNull();
        assertThat(passes).hasValue(0);
    }
}
