package dev.llmguard.sdk;

import dev.llmguard.log.GuardLog;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * simple-openai sends through cleverclient, which retries by itself ({@code RetryConfig}: 3
 * attempts on 408, 409, 429, 5xx and I/O errors, 1 s x 2^n, Retry-After not read), around the
 * request the guard already retries: attempts would multiply. Both of cleverclient's transports
 * (the JDK client, its default, and OkHttp) are ones the guard sees, so while the guard is active
 * cleverclient's retry config reports one attempt and the guard's loop is the only one.
 */
public final class CleverClientHandover {
    private static volatile GuardLog log;
    private static volatile int guardMaxAttempts;
    private static final AtomicBoolean ANNOUNCED = new AtomicBoolean();

    private CleverClientHandover() {
    }

    /** Called once the guard is active; null switches the hand-over off. */
    public static void activate(GuardLog guardLog, int maxAttempts) {
        guardMaxAttempts = maxAttempts;
        log = guardLog;
    }

    /** Called by advice on {@code RetryConfig.getMaxAttempts()}: the attempts cleverclient may still make. */
    public static int maxAttempts(int configured) {
        GuardLog l = log;
        if (l == null || configured <= 1) {
            return configured;
        }
        if (ANNOUNCED.compareAndSet(false, true)) {
            l.info("simple-openai (cleverclient) retries handed over to llm-guard: its maxAttempts (" + configured + ") is 1 and"
                    + " each call gets at most " + guardMaxAttempts + " attempts (llmguard.retry.max-attempts)");
        }
        return 1;
    }
}
