package dev.llmguard.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.llmguard.it.support.ChatCallsServer;
import dev.llmguard.it.support.Jdk;
import dev.llmguard.it.support.OkHttpVersion;
import dev.llmguard.it.support.RunResult;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.SocketPolicy;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@code llmguard.retry.max-attempts} bounds what the server receives per call, whatever the client
 * re-sends on its own inside one attempt: a server that answers 503 and then drops the next request
 * on the same kept-alive connection (which OkHttp silently sends again on a new one) sees at most
 * max-attempts requests per call, sync and async, on every OkHttp major.
 */
class MaxAttemptsBoundIT {
    @RegisterExtension
    final ChatCallsServer server = new ChatCallsServer();

    static Stream<Arguments> cases() {
        List<Arguments> out = new ArrayList<>();
        for (OkHttpVersion v : OkHttpVersion.values()) {
            for (String mode : new String[] {"sync", "async"}) {
                for (int max : new int[] {5, 2}) {
                    out.add(Arguments.of(v, mode, max));
                }
            }
        }
        return out.stream();
    }

    @ParameterizedTest(name = "{0} {1} max-attempts={2}")
    @MethodSource("cases")
    void serverSeesAtMostMaxAttemptsWhenReusedConnectionsDropAfterA503(OkHttpVersion v, String mode, int max) throws Exception {
        for (int i = 0; i < 10; i++) {
            server.dispatcher().then(new MockResponse().setResponseCode(503).setHeader("content-type", "application/json")
                    .setBody("{\"error\":{\"message\":\"overloaded\",\"type\":\"server_error\",\"code\":\"server_is_overloaded\"}}"));
            server.dispatcher().then(new MockResponse().setSocketPolicy(SocketPolicy.DISCONNECT_AFTER_REQUEST));
        }

        RunResult result = server.run(v, Jdk.current(), jvm -> jvm.agentArgs("retry.max-attempts=" + max + ",retry.base-delay=10ms,retry.max-delay=50ms"),
                "mode=" + mode);

        assertThat(result.lines("CALL 0 ")).singleElement().asString().matches(".*(status=503|error=).*");
        assertThat(server.dispatcher().count()).as(result.all()).isBetween(1, max);
        assertThat(result.agentLines()).as("the lines count the server's requests").noneMatch(l -> l.contains("attempt " + (max + 1) + " of"));
    }
}
