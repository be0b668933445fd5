package dev.llmguard.apache.hc5;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.lang.reflect.Proxy;
import java.net.SocketException;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.hc.client5.http.HttpRoute;
import org.apache.hc.client5.http.classic.ExecChain;
import org.apache.hc.client5.http.classic.ExecRuntime;
import org.apache.hc.client5.http.classic.methods.HttpPost;
import org.apache.hc.client5.http.impl.classic.RequestFailedException;
import org.apache.hc.client5.http.protocol.HttpClientContext;
import org.apache.hc.core5.http.ClassicHttpResponse;
import org.apache.hc.core5.http.HttpHost;
import org.apache.hc.core5.http.message.BasicClassicHttpResponse;
import org.junit.jupiter.api.Test;

/** The retry step's hand-over: only the guard's own attempt skips it, and then the chain runs exactly once. */
class Hc5AdapterTest {
    private final Hc5Adapter adapter = new Hc5Adapter();
    private final HttpPost attempt = new HttpPost("http://localhost/v1/chat/completions");
    private final AtomicInteger passes = new AtomicInteger();
    private final ClassicHttpResponse answer = new BasicClassicHttpResponse(429);
    private final ExecChain chain = (request, scope) -> {
        passes.incrementAndGet();
        return answer;
    };

    @Test
    void theGuardsAttemptGoesDownTheChainOnce() throws Exception {
        ExecChain.Scope scope = scope(attempt, false);
        assertThat(adapter.proceedOnce(null, attempt, chain, attempt, scope, null, null)).isSameAs(answer);
        assertThat(passes).hasValue(1);
    }

    @Test
    void anyOtherRequestKeepsTheClientsRetries() throws Exception {
        HttpPost other = new HttpPost("http://localhost/v1/chat/completions");
        assertThat(adapter.proceedOnce(null, attempt, chain, other, scope(other, false), null, null)).isNull();
        assertThat(passes).hasValue(0);
    }

    @Test
    void aFailureOfACancelledRequestIsReportedAsTheRetryStepWould() {
        ExecChain failing = (request, scope) -> {
            throw new SocketException("Socket closed");
        };
        assertThatThrownBy(() -> adapter.proceedOnce(null, attempt, failing, attempt, scope(attempt, true), null, null))
                .isInstanceOf(RequestFailedException.class).hasMessage("Request aborted");
        assertThatThrownBy(() -> adapter.proceedOnce(null, attempt, failing, attempt, scope(attempt, false), null, null))
                .isInstanceOf(SocketException.class);
    }

    private static ExecChain.Scope scope(HttpPost original, boolean aborted) {
        ExecRuntime runtime = (ExecRuntime) Proxy.newProxyInstance(ExecRuntime.class.getClassLoader(), new Class<?>[] {ExecRuntime.class},
                (proxy, method, args) -> {
                    if (method.getName().equals("isExecutionAborted")) {
                        return aborted;
                    }
                    throw new UnsupportedOperationException(method.getName());
                });
        return new ExecChain.Scope("ex-1", new HttpRoute(new HttpHost("http", "localhost", 80)), original, runtime, HttpClientContext.create());
    }
}
