package dev.llmguard.okhttp.adapter;

import static org.assertj.core.api.Assertions.assertThat;

import dev.llmguard.core.body.ResponseUsage;
import dev.llmguard.core.body.UsageTap;
import java.util.ArrayList;
import java.util.List;
import okhttp3.MediaType;
import okhttp3.Protocol;
import okhttp3.Request;
import okhttp3.Response;
import okhttp3.ResponseBody;
import okio.BufferedSource;

/** A streamed success's body as the application reads it through the tap: the same bytes, the usage at its end. */
class StreamUsageBodyTest {
    private static final String STREAM = "data: {\"choices\":[{\"delta\":{\"content\":\"Hi\"}}],\"usage\":null}\n\n"
            + "data: {\"choices\":[],\"usage\":{\"prompt_tokens\":30,\"completion_tokens\":2,\"total_tokens\":32}}\n\n"
            + "data: [DONE]\n\n";

    private static Response response(int code, String contentType, String body) {
        return new Response.Builder().request(new Request.Builder().url("https://api.openai.com/v1/chat/completions").build())
                .protocol(Protocol.HTTP_1_1).code(code).message("OK").header("Content-Type", contentType)
                .body(ResponseBody.create(MediaType.parse(contentType), body)).build();
    }

    private static List<ResponseUsage> listen(UsageTap tap) {
        List<ResponseUsage> told = new ArrayList<>();
        tap.whenEnded(told::add);
        return told;
    }

    @org.junit.jupiter.api.Test
    void theApplicationReadsEveryByteAndTheUsageIsToldAtTheEnd() throws Exception {
        Response tapped = StreamUsageBody.tapped(response(200, "text/event-stream", STREAM));
        UsageTap tap = StreamUsageBody.tapOf(tapped);
        assertThat(tap).isNotNull();
        List<ResponseUsage> told = listen(tap);

        BufferedSource source = tapped.body().source();
        StringBuilder read = new StringBuilder();
        String line = source.readUtf8Line();
        read.append(line).append('\n');
        assertThat(told).as("nothing before the end").isEmpty();
        while ((line = source.readUtf8Line()) != null) {
            read.append(line).append('\n');
        }
        assertThat(read.toString()).isEqualTo(STREAM);
        assertThat(told).hasSize(1);
        assertThat(told.get(0).promptTokens()).isEqualTo(30);
        assertThat(told.get(0).totalTokens()).isEqualTo(32);
        tapped.close();
        assertThat(told).as("told once").hasSize(1);
    }

    @org.junit.jupiter.api.Test
    void aStreamClosedBeforeItsUsageTellsNothing() {
        Response tapped = StreamUsageBody.tapped(response(200, "text/event-stream", STREAM));
        List<ResponseUsage> told = listen(StreamUsageBody.tapOf(tapped));
        tapped.close();
        assertThat(told).isEmpty();
    }

    /** A body whose length is not known (chunked, HTTP/2 without Content-Length). */
    private static Response chunked(String contentType, String text) {
        okio.Buffer content = new okio.Buffer().writeUtf8(text);
        ResponseBody body = new ResponseBody() {
            @Override
            public MediaType contentType() {
                return MediaType.parse(contentType);
            }

            @Override
            public long contentLength() {
                return -1;
            }

            @Override
            public BufferedSource source() {
                return content;
            }
        };
        return new Response.Builder().request(new Request.Builder().url("https://api.openai.com/v1/chat/completions").build())
                .protocol(Protocol.HTTP_1_1).code(200).message("OK").header("Content-Type", contentType).body(body).build();
    }

    @org.junit.jupiter.api.Test
    void aJsonBodyOfUnknownLengthIsNotReadAheadButTappedAsTheApplicationReadsIt() throws Exception {
        String json = "[{\"candidates\":[]},{\"candidates\":[],\"usageMetadata\":{\"promptTokenCount\":5,\"totalTokenCount\":9}}]";
        Response tapped = StreamUsageBody.tapped(chunked("application/json; charset=UTF-8", json));
        assertThat(StreamUsageBody.tapOf(tapped)).as("its bound is set when the guard looks").isNull();
        dev.llmguard.core.http.ResponseInfo info = OkHttpMessages.response(tapped, 1024);
        assertThat(info.jsonBody()).as("nothing read ahead").isNull();
        assertThat(info.usageTap()).isNotNull();
        List<ResponseUsage> told = listen(info.usageTap());
        assertThat(told).isEmpty();
        assertThat(tapped.body().string()).isEqualTo(json);
        assertThat(told).hasSize(1);
        assertThat(told.get(0).totalTokens()).isEqualTo(9);
    }

    @org.junit.jupiter.api.Test
    void aJsonBodyOfKnownLengthIsReadAheadAsBefore() throws Exception {
        Response json = response(200, "application/json", "{\"usage\":{\"total_tokens\":3}}");
        dev.llmguard.core.http.ResponseInfo info = OkHttpMessages.response(StreamUsageBody.tapped(json), 1024);
        assertThat(info.usageTap()).isNull();
        assertThat(new String(info.jsonBody(), java.nio.charset.StandardCharsets.UTF_8)).isEqualTo("{\"usage\":{\"total_tokens\":3}}");
        assertThat(json.body().string()).as("the application still reads it all").isEqualTo("{\"usage\":{\"total_tokens\":3}}");
    }

    @org.junit.jupiter.api.Test
    void onlyStreamedSuccessesAreTapped() {
        Response json = response(200, "application/json", "{\"usage\":{\"total_tokens\":3}}");
        assertThat(StreamUsageBody.tapped(json)).isSameAs(json);
        Response error = response(429, "text/event-stream", "data: {}\n\n");
        assertThat(StreamUsageBody.tapped(error)).isSameAs(error);
        Response tapped = StreamUsageBody.tapped(response(200, "text/event-stream", STREAM));
        assertThat(StreamUsageBody.tapped(tapped)).as("never tapped twice").isSameAs(tapped);
    }
}
