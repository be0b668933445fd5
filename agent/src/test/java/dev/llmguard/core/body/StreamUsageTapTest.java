package dev.llmguard.core.body;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

class StreamUsageTapTest {

    private static final String OPENAI = "data: {\"id\":\"c\",\"choices\":[{\"index\":0,\"delta\":{\"content\":\"Hi\"}}],\"usage\":null}\n\n"
            + "data: {\"id\":\"c\",\"choices\":[{\"index\":0,\"delta\":{},\"finish_reason\":\"stop\"}],\"usage\":null}\n\n"
            + "data: {\"id\":\"c\",\"choices\":[],\"usage\":{\"prompt_tokens\":90,\"completion_tokens\":12,\"total_tokens\":102}}\n\n"
            + "data: [DONE]\n\n";

    private static final String ANTHROPIC = "event: message_start\n"
            + "data: {\"type\":\"message_start\",\"message\":{\"id\":\"m\",\"usage\":{\"input_tokens\":25,\"output_tokens\":1}}}\n\n"
            + "event: content_block_delta\n"
            + "data: {\"type\":\"content_block_delta\",\"index\":0,\"delta\":{\"type\":\"text_delta\",\"text\":\"Hello\"}}\n\n"
            + "event: message_delta\n"
            + "data: {\"type\":\"message_delta\",\"delta\":{\"stop_reason\":\"end_turn\"},\"usage\":{\"output_tokens\":15}}\n\n"
            + "event: message_stop\n"
            + "data: {\"type\":\"message_stop\"}\n\n";

    private static final String GEMINI = "data: {\"candidates\":[{\"content\":{\"parts\":[{\"text\":\"A\"}]}}],"
            + "\"usageMetadata\":{\"promptTokenCount\":7,\"candidatesTokenCount\":1,\"totalTokenCount\":8}}\r\n\r\n"
            + "data: {\"candidates\":[{\"content\":{\"parts\":[{\"text\":\"B\"}]},\"finishReason\":\"STOP\"}],"
            + "\"usageMetadata\":{\"promptTokenCount\":7,\"candidatesTokenCount\":4,\"totalTokenCount\":11}}\r\n\r\n";

    private static List<ResponseUsage> feed(StreamUsageTap tap, String stream, int chunk) {
        List<ResponseUsage> told = new ArrayList<>();
        tap.whenEnded(told::add);
        byte[] b = stream.getBytes(StandardCharsets.UTF_8);
        for (int i = 0; i < b.length; i += chunk) {
            tap.bytes(b, i, Math.min(chunk, b.length - i));
        }
        tap.end();
        return told;
    }

    private static StreamUsageTap tap() {
        return StreamUsageTap.forResponse(200, "text/event-stream; charset=utf-8");
    }

    @Test
    void readsOpenAiFinalUsageChunkWhateverTheReadSizes() {
        for (int chunk : new int[] {1, 3, 7, 64, 100_000}) {
            List<ResponseUsage> told = feed(tap(), OPENAI, chunk);
            assertThat(told).as("read %d bytes at a time", chunk).hasSize(1);
            assertThat(told.get(0).totalTokens()).isEqualTo(102);
            assertThat(told.get(0).promptTokens()).isEqualTo(90);
            assertThat(told.get(0).outputTokens()).isEqualTo(12);
        }
    }

    @Test
    void addsAnthropicInputFromMessageStartToOutputFromMessageDelta() {
        List<ResponseUsage> told = feed(tap(), ANTHROPIC, 5);
        assertThat(told).hasSize(1);
        assertThat(told.get(0).promptTokens()).isEqualTo(25);
        assertThat(told.get(0).outputTokens()).isEqualTo(15);
        assertThat(told.get(0).totalTokens()).isEqualTo(40);
    }

    @Test
    void takesGeminisLastUsageMetadataWithCrLfLineEnds() {
        List<ResponseUsage> told = feed(tap(), GEMINI, 11);
        assertThat(told).hasSize(1);
        assertThat(told.get(0).totalTokens()).isEqualTo(11);
        assertThat(told.get(0).promptTokens()).isEqualTo(7);
        assertThat(told.get(0).outputTokens()).isEqualTo(4);
    }

    @Test
    void readsUsageWhateverTheSpacingAndAfterANullOneOnTheSameLine() {
        List<ResponseUsage> told = feed(tap(), "data: {\"usage\" : null, \"x\": {\"usage\" :  {\"total_tokens\": 9}}}\n"
                + "data: {\"response\":{\"usage\":\t{\"total_tokens\":11}}}\n", 5);
        assertThat(told).hasSize(1);
        assertThat(told.get(0).totalTokens()).isEqualTo(11);
    }

    @Test
    void readsALastLineWithoutItsLineBreakAtTheEnd() {
        List<ResponseUsage> told = feed(tap(), "data: {\"usage\":{\"prompt_tokens\":3,\"completion_tokens\":4}}", 4);
        assertThat(told).hasSize(1);
        assertThat(told.get(0).totalTokens()).isEqualTo(7);
    }

    @Test
    void tellsNothingForAStreamWithoutUsage() {
        assertThat(feed(tap(), "data: {\"choices\":[{\"delta\":{\"content\":\"usage\"}}],\"usage\":null}\n\ndata: [DONE]\n\n", 9))
                .isEmpty();
        assertThat(feed(tap(), "", 1)).isEmpty();
    }

    @Test
    void ignoresUsageOutsideDataLinesAndBrokenJson() {
        assertThat(feed(tap(), ": {\"usage\":{\"total_tokens\":5}}\nevent: {\"usage\":{\"total_tokens\":5}}\n"
                + "data: {\"usage\":{\"total_tok\n", 8)).isEmpty();
        List<ResponseUsage> told = feed(tap(), "data: {\"usage\":{\"total_tokens\":5}}\ndata: {\"usage\":{\"total_\n", 8);
        assertThat(told).hasSize(1);
        assertThat(told.get(0).totalTokens()).isEqualTo(5);
    }

    @Test
    void skipsALineLongerThanTheBoundAndReadsTheNext() {
        StringBuilder big = new StringBuilder("data: {\"usage\":{\"total_tokens\":999},\"x\":\"");
        while (big.length() <= StreamUsageTap.MAX_LINE_BYTES) {
            big.append("abcdefghij");
        }
        big.append("\"}\n");
        List<ResponseUsage> told = feed(tap(), big + "data: {\"usage\":{\"total_tokens\":6}}\n", 4096);
        assertThat(told).hasSize(1);
        assertThat(told.get(0).totalTokens()).isEqualTo(6);
    }

    @Test
    void tellsOnceWhenAskedAfterTheEndAndNotAgainOnASecondEnd() {
        StreamUsageTap tap = tap();
        byte[] b = OPENAI.getBytes(StandardCharsets.UTF_8);
        for (byte x : b) {
            tap.oneByte(x & 0xff);
        }
        tap.end();
        List<ResponseUsage> told = new ArrayList<>();
        tap.whenEnded(told::add);
        tap.end();
        assertThat(told).hasSize(1);
        assertThat(told.get(0).totalTokens()).isEqualTo(102);
    }

    @Test
    void aFailingListenerDoesNotReachTheReader() {
        StreamUsageTap tap = tap();
        tap.whenEnded(u -> {
            throw new IllegalStateException("listener");
        });
        byte[] b = OPENAI.getBytes(StandardCharsets.UTF_8);
        assertThatCode(() -> {
            tap.bytes(b, 0, b.length);
            tap.end();
        }).doesNotThrowAnyException();
    }

    @Test
    void tapsOnlySuccessfulEventStreams() {
        assertThat(StreamUsageTap.forResponse(200, "TEXT/EVENT-STREAM")).isNotNull();
        assertThat(StreamUsageTap.forResponse(429, "text/event-stream")).isNull();
        assertThat(StreamUsageTap.forResponse(200, "application/json")).isNull();
        assertThat(StreamUsageTap.forResponse(200, null)).isNull();
        assertThat(StreamUsageTap.forResponse(200, "text/event")).isNull();
    }
}
