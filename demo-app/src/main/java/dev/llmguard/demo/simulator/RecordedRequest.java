package dev.llmguard.demo.simulator;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * One request the {@link LlmApiSimulator} answered.
 *
 * @param sequence   arrival number, from 1; also in {@code x-request-id: req_sim_N}
 * @param receivedAt when it arrived
 * @param method     HTTP method
 * @param path       request path without the query, e.g. {@code /v1/chat/completions}
 * @param headers    request headers; the map ignores case in its keys
 * @param body       request body bytes (a copy is returned)
 * @param status     the status code the simulator answered with
 */
public record RecordedRequest(long sequence, Instant receivedAt, String method, String path,
                              Map<String, List<String>> headers, byte[] body, int status) {

    public RecordedRequest {
        body = body.clone();
    }

    @Override
    public byte[] body() {
        return body.clone();
    }

    public String bodyText() {
        return new String(body, StandardCharsets.UTF_8);
    }

    /** First value of a request header (any case), or {@code null}. */
    public String header(String name) {
        List<String> values = headers.get(name);
        return values == null || values.isEmpty() ? null : values.get(0);
    }

    @Override
    public String toString() {
        return "RecordedRequest[#" + sequence + " " + method + " " + path + " -> " + status + "]";
    }
}
