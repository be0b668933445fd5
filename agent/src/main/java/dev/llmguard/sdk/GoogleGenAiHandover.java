package dev.llmguard.sdk;

import dev.llmguard.log.GuardLog;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The google-genai Java SDK retries inside OkHttp, with an application interceptor of its own
 * ({@code com.google.genai.RetryInterceptor}: 5 attempts on 408, 429 and 5xx, Retry-After not
 * read) that runs inside each of the guard's attempts. While the guard is active, that interceptor
 * is built without retry options, which makes it pass each request straight through: the guard's
 * loop is the only one. A request that carries retry options of its own keeps them (its re-sends
 * still count against max-attempts, see the OkHttp adapter's send counter).
 */
public final class GoogleGenAiHandover {
    private static volatile GuardLog log;
    private static volatile int guardMaxAttempts;
    private static final AtomicBoolean ANNOUNCED = new AtomicBoolean();

    private GoogleGenAiHandover() {
    }

    public static void activate(GuardLog guardLog, int maxAttempts) {
        guardMaxAttempts = maxAttempts;
        log = guardLog;
    }

    /** Called by advice at the end of the interceptor's constructors: the retry options it keeps. */
    public static Object retryOptions(Object configured) {
        GuardLog l = log;
        if (l == null || configured == null) {
            return configured;
        }
        if (ANNOUNCED.compareAndSet(false, true)) {
            l.info("google-genai retries handed over to llm-guard: its RetryInterceptor passes requests straight through and"
                    + " each call gets at most " + guardMaxAttempts + " attempts (llmguard.retry.max-attempts)");
        }
        return null;
    }
}
