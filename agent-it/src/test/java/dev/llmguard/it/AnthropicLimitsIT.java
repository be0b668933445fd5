package dev.llmguard.it;

import static dev.llmguard.it.support.ChildRuns.assertClean;
import static dev.llmguard.it.support.ChildRuns.call;
import static org.assertj.core.api.Assertions.assertThat;

import dev.llmguard.it.support.ChatCallsServer;
import dev.llmguard.it.support.Jdk;
import dev.llmguard.it.support.Provider;
import dev.llmguard.it.support.RecordingDispatcher;
import dev.llmguard.it.support.RecordingDispatcher.Arrival;
import dev.llmguard.it.support.RecordingServer;
import dev.llmguard.it.support.RunResult;
import dev.llmguard.it.support.Sdk;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The Anthropic SDK against a server with Anthropic's separate input and output token limits: the
 * output limit is paced apart, charged max_tokens up front and given back to what came out.
 */
class AnthropicLimitsIT {
    @RegisterExtension
    final RecordingServer server = new RecordingServer();
    private final RecordingDispatcher dispatcher = server.dispatcher();

    /** An answer saying it produced {@code outputTokens}, under limits of 7,680 output tokens a minute (128 a second). */
    private void answerWithLimits(int outputTokens) {
        dispatcher.then(() -> {
            String reset = Instant.now().plusSeconds(60).toString();
            return Provider.ANTHROPIC.ok("req")
                    .setBody("{\"id\":\"msg_1\",\"type\":\"message\",\"role\":\"assistant\",\"model\":\"claude-test\",\"content\":"
                            + "[{\"type\":\"text\",\"text\":\"hi\"}],\"stop_reason\":\"end_turn\",\"stop_sequence\":null,"
                            + "\"usage\":{\"input_tokens\":5,\"output_tokens\":" + outputTokens + "}}")
                    .setHeader("anthropic-ratelimit-requests-limit", "1000").setHeader("anthropic-ratelimit-requests-remaining", "999")
                    .setHeader("anthropic-ratelimit-requests-reset", reset)
                    .setHeader("anthropic-ratelimit-input-tokens-limit", "400000").setHeader("anthropic-ratelimit-input-tokens-remaining", "400000")
                    .setHeader("anthropic-ratelimit-input-tokens-reset", reset)
                    .setHeader("anthropic-ratelimit-output-tokens-limit", "7680").setHeader("anthropic-ratelimit-output-tokens-remaining", "7680")
                    .setHeader("anthropic-ratelimit-output-tokens-reset", reset);
        });
    }

    @Test
    void outputTokensArePacedApartAndCorrectedToTheUsage() throws Exception {
        answerWithLimits(3); // 64 a request paced on max_tokens alone would be one every 0.5 s

        RunResult result = assertClean(Sdk.ANTHROPIC.app(Jdk.current(), server, "calls=8", "maxTokens=64").run());

        for (int n = 0; n < 8; n++) {
            assertThat(call(result, n)).contains(" ok ");
        }
        List<Arrival> arrivals = dispatcher.arrivals();
        assertThat(arrivals).hasSize(8);
        assertThat(result.agentLines()).anySatisfy(line -> assertThat(line).contains("learned limits rpm=1000 tpm=400000 otpm=7680"));
        // each response says 3 output tokens: 61 of the 64 reserved come back, so the calls are not held 0.5 s apart
        long spread = ChatCallsServer.millisBetween(arrivals.get(1), arrivals.get(7));
        System.out.println("six calls after the first arrived within " + spread + " ms (paced on max_tokens: about 3,000)");
        assertThat(spread).as("six calls after the first, paced on their real output").isLessThan(2_000L);
    }

    @Test
    void callsThatUseTheirWholeMaxTokensArePacedByTheOutputLimit() throws Exception {
        answerWithLimits(64);

        RunResult result = assertClean(Sdk.ANTHROPIC.app(Jdk.current(), server, "calls=8", "maxTokens=64").run());

        List<Arrival> arrivals = dispatcher.arrivals();
        assertThat(arrivals).hasSize(8);
        for (int n = 0; n < 8; n++) {
            assertThat(call(result, n)).contains(" ok ");
        }
        long spread = ChatCallsServer.millisBetween(arrivals.get(1), arrivals.get(7));
        assertThat(spread).as("six calls of 64 output tokens at 128 a second, less 2% headroom: about 3 s").isBetween(2_400L, 6_000L);
    }
}
