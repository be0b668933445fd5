package dev.llmguard.demo.simulator;

import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.core.http.StreamResponse;
import com.openai.errors.RateLimitException;
import com.openai.models.chat.completions.ChatCompletion;
import com.openai.models.chat.completions.ChatCompletionChunk;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import com.openai.models.embeddings.CreateEmbeddingResponse;
import com.openai.models.embeddings.EmbeddingCreateParams;
import com.openai.models.responses.Response;
import com.openai.models.responses.ResponseCreateParams;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/** The official OpenAI Java SDK understands what the simulator answers. */
class SdkCompatibilityTest {

    private static ChatCompletionCreateParams params() {
        return ChatCompletionCreateParams.builder().model("gpt-4o-mini").addUserMessage("Say hi").maxCompletionTokens(16)
                .build();
    }

    @Test
    void chatStreamingResponsesAndEmbeddings() {
        try (LlmApiSimulator sim = LlmApiSimulator.builder().start()) {
            OpenAIClient client = OpenAIOkHttpClient.builder().baseUrl(sim.baseUrl()).apiKey("sk-test").build();
            try {
                ChatCompletion completion = client.chat().completions().create(params());
                assertThat(completion.id()).startsWith("chatcmpl-sim-");
                assertThat(completion.model()).isEqualTo("gpt-4o-mini");
                assertThat(completion.choices().get(0).message().content()).get().asString().isNotBlank();
                assertThat(completion.choices().get(0).finishReason())
                        .isEqualTo(ChatCompletion.Choice.FinishReason.STOP);
                assertThat(completion.usage()).get().extracting(u -> u.totalTokens())
                        .isEqualTo(completion.usage().get().promptTokens() + completion.usage().get().completionTokens());

                StringBuilder streamed = new StringBuilder();
                try (StreamResponse<ChatCompletionChunk> stream = client.chat().completions().createStreaming(params())) {
                    stream.stream().forEach(chunk -> chunk.choices()
                            .forEach(choice -> choice.delta().content().ifPresent(streamed::append)));
                }
                assertThat(streamed.toString()).startsWith("This is simulated completion");

                Response response = client.responses().create(
                        ResponseCreateParams.builder().model("gpt-4o-mini").input("Say hi").build());
                assertThat(response.output()).hasSize(1);
                assertThat(response.output().get(0).asMessage().content().get(0).asOutputText().text()).isNotBlank();

                CreateEmbeddingResponse embeddings = client.embeddings().create(EmbeddingCreateParams.builder()
                        .model("text-embedding-3-small").inputOfArrayOfStrings(List.of("a", "b")).build());
                assertThat(embeddings.data()).hasSize(2);
                assertThat(embeddings.data().get(1).embedding()).hasSize(8);
            } finally {
                client.close();
            }
            assertThat(sim.stats().succeeded()).isEqualTo(4);
            assertThat(sim.receivedRequests()).extracting(RecordedRequest::path).containsExactly(
                    "/v1/chat/completions", "/v1/chat/completions", "/v1/responses", "/v1/embeddings");
        }
    }

    @Test
    void sdkSurfacesTheSimulatorsRateLimitError() {
        try (LlmApiSimulator sim = LlmApiSimulator.builder().requestsPerMinute(60).start()) {
            OpenAIClient client = OpenAIOkHttpClient.builder().baseUrl(sim.baseUrl()).apiKey("sk-test")
                    .maxRetries(0).build();
            try {
                client.chat().completions().create(params());
                RateLimitException e = catchThrowableOfType(RateLimitException.class,
                        () -> client.chat().completions().create(params()));
                assertThat(e).isNotNull();
                assertThat(e.statusCode()).isEqualTo(429);
                assertThat(e.code()).contains("rate_limit_exceeded");
                assertThat(e.type()).contains("requests");
                assertThat(e.headers().values("retry-after-ms")).hasSize(1);
                // the SDK sends its retry counter on every attempt
                assertThat(sim.receivedRequests().get(1).header("x-stainless-retry-count")).isEqualTo("0");
            } finally {
                client.close();
            }
        }
    }
}
