package dev.llmguard.it.support;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import okhttp3.mockwebserver.Dispatcher;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.RecordedRequest;

/**
 * A provider whose quota for some models is gone for the day: a request for one of those is
 * answered 429 with an hour's Retry-After (OpenAI's requests-per-day error, or Anthropic's
 * rate_limit_error); any other model is served. The model is read from the body's top-level
 * {@code model}, or from a Gemini-style path. Every request is recorded.
 */
public final class ModelQuotaDispatcher extends Dispatcher {
    private static final Pattern BODY_MODEL = Pattern.compile("^\\{\"model\":\"([^\"]+)\"|[,{]\\s*\"model\"\\s*:\\s*\"([^\"]+)\"");
    private static final Pattern PATH_MODEL = Pattern.compile("/models/([^:/]+)");

    private final Set<String> exhausted = ConcurrentHashMap.newKeySet();
    private final List<RecordingDispatcher.Arrival> arrivals = Collections.synchronizedList(new ArrayList<>());
    private final List<String> models = Collections.synchronizedList(new ArrayList<>());

    public ModelQuotaDispatcher exhausted(String... names) {
        Collections.addAll(exhausted, names);
        return this;
    }

    @Override
    public MockResponse dispatch(RecordedRequest request) {
        byte[] raw = request.getBody().readByteArray();
        RecordingDispatcher.Arrival arrival = new RecordingDispatcher.Arrival(System.nanoTime(), request.getPath(), raw,
                request.getHeaders().toMultimap());
        String model = modelOf(arrival.path, arrival.body);
        synchronized (arrivals) {
            arrivals.add(arrival);
            models.add(model);
        }
        Provider provider = request.getPath().contains("/messages") ? Provider.ANTHROPIC : Provider.OPENAI;
        if (!exhausted.contains(model)) {
            return provider.ok("req_" + arrivals.size());
        }
        if (provider == Provider.ANTHROPIC) {
            return json(429, "{\"type\":\"error\",\"error\":{\"type\":\"rate_limit_error\",\"message\":\"This request would exceed"
                    + " your organization's rate limit of 10,000 requests per day for " + model + ".\"}}");
        }
        return json(429, "{\"error\":{\"message\":\"Rate limit reached for " + model + " in organization org-test on requests per day"
                + " (RPD): Limit 10000, Used 10000, Requested 1. Please try again in 1h0m0s.\",\"type\":\"requests\",\"param\":null,"
                + "\"code\":\"rate_limit_exceeded\"}}")
                .setHeader("x-ratelimit-limit-requests", "10000").setHeader("x-ratelimit-remaining-requests", "0")
                .setHeader("x-ratelimit-reset-requests", "1h0m0s");
    }

    private static MockResponse json(int status, String body) {
        return new MockResponse().setResponseCode(status).setHeader("content-type", "application/json")
                .setHeader("retry-after", "3600").setBody(body);
    }

    /** The body's top-level model, else the path's; "?" when neither names one. */
    public static String modelOf(String path, String body) {
        Matcher m = BODY_MODEL.matcher(body);
        if (m.find()) {
            return m.group(1) != null ? m.group(1) : m.group(2);
        }
        m = PATH_MODEL.matcher(path);
        return m.find() ? m.group(1) : "?";
    }

    public List<RecordingDispatcher.Arrival> arrivals() {
        synchronized (arrivals) {
            return new ArrayList<>(arrivals);
        }
    }

    /** The model of each request, in arrival order. */
    public List<String> models() {
        synchronized (arrivals) {
            return new ArrayList<>(models);
        }
    }
}
