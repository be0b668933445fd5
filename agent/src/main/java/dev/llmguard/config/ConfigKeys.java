package dev.llmguard.config;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Every setting the agent reads, in documentation order. This list is the single source for parsing
 * ({@link ConfigLoader}), the usage text and the README table.
 *
 * <p>To add a setting: add the value (field, getter, builder method, default) to the piece of {@link GuardConfig}
 * it belongs to (e.g. {@link RetryConfig}) and a setter to {@link GuardConfig.Builder}, then
 * one {@code add(ConfigKey.of(...))} line below, in the group where it belongs; then regenerate the README
 * table (see ReadmeConfigTableTest).
 */
public final class ConfigKeys {

    public static final String PREFIX = "llmguard.";
    public static final String ENV_PREFIX = "LLMGUARD_";

    private static final List<ConfigKey<?>> KEYS = new ArrayList<ConfigKey<?>>();
    private static final List<ConfigConstraint<?>> CONSTRAINTS = new ArrayList<ConfigConstraint<?>>();

    // ---- general

    public static final ConfigKey<Boolean> ENABLED = add(ConfigKey.of("llmguard.enabled",
            ChoiceParsers.bool(), GuardConfig::enabled, GuardConfig.Builder::enabled,
            "Master switch: false means the agent installs nothing."));

    public static final ConfigKey<GuardConfig.LogLevel> LOG_LEVEL = add(ConfigKey.of("llmguard.log.level",
            ChoiceParsers.lowerCaseEnum(GuardConfig.LogLevel.class), c -> c.log().level(), GuardConfig.Builder::logLevel,
            "How much the agent logs."));

    public static final ConfigKey<LogConfig.Format> LOG_FORMAT = add(ConfigKey.of("llmguard.log.format",
            ChoiceParsers.lowerCaseEnum(LogConfig.Format.class), c -> c.log().format(), GuardConfig.Builder::logFormat,
            "text: one readable line per event; json: one JSON object per line (time, level, event, host, path, model, key fingerprint, attempt, wait, limits, request id)."));

    public static final ConfigKey<java.util.List<Integer>> ALERTS_BUDGET_PERCENT = add(ConfigKey.of("llmguard.alerts.budget-percent",
            new PercentListParser(), c -> c.log().budgetPercents(), GuardConfig.Builder::alertsBudgetPercents,
            "One WARN line when a quota's requests today reach each of these shares of its requests/day limit (learned or configured); each fires once a day per quota."));

    public static final ConfigKey<String> CONFIG_FILE = add(ConfigKey.of("llmguard.config-file",
            TextParsers.filePath(), GuardConfig::configFile, GuardConfig.Builder::configFile,
            "Properties file with more settings (keys with the llmguard. prefix); read after the environment."));

    public static final ConfigKey<GuardConfig.Mode> MODE = add(ConfigKey.of("llmguard.mode",
            ChoiceParsers.lowerCaseEnum(GuardConfig.Mode.class), GuardConfig::mode, GuardConfig.Builder::mode,
            "enforce: retry, pace and refuse; observe: send traffic exactly as without the agent and log what the guard would have done (a safe first rollout step)."));

    public static final ConfigKey<Boolean> STRICT = add(ConfigKey.of("llmguard.strict",
            ChoiceParsers.bool(), GuardConfig::strict, GuardConfig.Builder::strict,
            "Test mode: an internal error of the agent fails the request instead of being reported once and bypassed."));

    // ---- scope: which calls are guarded

    public static final ConfigKey<List<String>> SCOPE_HOSTS = add(ConfigKey.of("llmguard.scope.hosts",
            ListParser.hostList(), c -> c.scope().hosts(), GuardConfig.Builder::scopeHosts,
            "Hosts whose calls are guarded; replaces the default list."));

    public static final ConfigKey<List<String>> SCOPE_EXTRA_HOSTS = add(ConfigKey.of("llmguard.scope.extra-hosts",
            ListParser.hostList(), c -> c.scope().extraHosts(), GuardConfig.Builder::scopeExtraHosts,
            "Hosts guarded in addition to llmguard.scope.hosts."));

    public static final ConfigKey<List<String>> SCOPE_PATHS = add(ConfigKey.of("llmguard.scope.paths",
            ListParser.pathList(), c -> c.scope().paths(), GuardConfig.Builder::scopePaths,
            "Path endings guarded on any host (local gateways, proxies)."));

    // ---- retry

    public static final ConfigKey<Integer> RETRY_MAX_ATTEMPTS = add(ConfigKey.of("llmguard.retry.max-attempts",
            new WholeNumberParser(1, 100), c -> c.retry().maxAttempts(), GuardConfig.Builder::retryMaxAttempts,
            "Server requests per logical request at most, the first included."));

    public static final ConfigKey<Long> RETRY_BASE_DELAY = add(ConfigKey.of("llmguard.retry.base-delay",
            new DurationParser(3_600_000), c -> c.retry().baseDelayMillis(),
            GuardConfig.Builder::retryBaseDelayMillis,
            "Base of the exponential backoff between retries."));

    public static final ConfigKey<Long> RETRY_MAX_DELAY = add(ConfigKey.of("llmguard.retry.max-delay",
            new DurationParser(3_600_000), c -> c.retry().maxDelayMillis(),
            GuardConfig.Builder::retryMaxDelayMillis,
            "Cap of the computed backoff (not of server-given waits); not less than llmguard.retry.base-delay."));

    public static final ConfigKey<Long> RETRY_MAX_SERVER_WAIT = add(ConfigKey.of("llmguard.retry.max-server-wait",
            new DurationParser(86_400_000), c -> c.retry().maxServerWaitMillis(),
            GuardConfig.Builder::retryMaxServerWaitMillis,
            "A server-given wait (Retry-After) longer than this means give up now rather than sleep."));

    public static final ConfigKey<Boolean> RETRY_ON_TIMEOUT = add(ConfigKey.of("llmguard.retry.on-timeout",
            ChoiceParsers.bool(), c -> c.retry().onTimeout(), GuardConfig.Builder::retryOnTimeout,
            "Whether a connect or read timeout is retried like a connection failure."));

    public static final ConfigKey<Integer> RETRY_BUDGET_PERCENT = add(ConfigKey.of("llmguard.retry.budget-percent",
            new WholeNumberParser(0, 1000), c -> c.retry().budgetPercent(), GuardConfig.Builder::retryBudgetPercent,
            "Retries to one host in the last 10 s at most, as a share of the calls sent to it, on top of llmguard.retry.budget-min-retries; when spent, a call gives up with its last response. Retries after a 429's known wait (paced by the quota pause) are not counted. 400 or more never limits at max-attempts 5."));

    public static final ConfigKey<Integer> RETRY_BUDGET_MIN_RETRIES = add(ConfigKey.of("llmguard.retry.budget-min-retries",
            new WholeNumberParser(0, 100_000), c -> c.retry().budgetMinRetries(), GuardConfig.Builder::retryBudgetMinRetries,
            "Retries to one host allowed in any 10 s whatever the share, so a caller with little traffic still rides out a short blip."));

    // ---- breaker: stop sending to a host and model that keeps failing

    public static final ConfigKey<Integer> BREAKER_FAILURE_THRESHOLD = add(ConfigKey.of("llmguard.breaker.failure-threshold",
            new WholeNumberParser(0, 10_000), c -> c.breaker().failureThreshold(), GuardConfig.Builder::breakerFailureThreshold,
            "After this many calls in a row to one host and model ended in a server error (5xx) or a connection failure despite the retries, the circuit opens: calls are answered at once with a local 503 (Retry-After set, header x-llm-guard: circuit-open) until a probe succeeds. 0 turns the breaker off."));

    public static final ConfigKey<Long> BREAKER_COOLDOWN = add(ConfigKey.of("llmguard.breaker.cooldown",
            new DurationParser(3_600_000L), c -> c.breaker().cooldownMillis(), GuardConfig.Builder::breakerCooldownMillis,
            "How long an open circuit answers locally before one probe call is let through; its outcome closes the circuit or opens it for another cooldown."));

    // ---- fallback: another model when a call's own cannot serve it soon

    public static final ConfigKey<java.util.Map<String, List<String>>> FALLBACK_MODELS = add(ConfigKey.of("llmguard.fallback.models",
            new FallbackRulesParser(), c -> c.fallback().models(), GuardConfig.Builder::fallbackModels,
            "Off unless set. When a call for MODEL cannot be served soon (its quota paused or refused beyond llmguard.throttle.max-wait, a server wait beyond llmguard.retry.max-server-wait, its per-day quota exhausted, its circuit open, or its retries spent on 429s or 5xx), its next attempt goes to the first fallback that can serve it: the body's top-level model (or a Gemini path's models/NAME) rewritten, every other byte unchanged, paced by the fallback's quota; the response carries x-llm-guard-model. OkHttp and the JDK HttpClient."));

    // ---- throttle: pacing below the quota's limits

    public static final ConfigKey<Boolean> THROTTLE_ENABLED = add(ConfigKey.of("llmguard.throttle.enabled",
            ChoiceParsers.bool(), c -> c.throttle().enabled(), GuardConfig.Builder::throttleEnabled,
            "Pace requests below each quota's limits (learned from the provider's rate-limit headers or configured), and pause a whole quota after a 429 until the server's wait has passed."));

    public static final ConfigKey<Long> THROTTLE_MAX_WAIT = add(ConfigKey.of("llmguard.throttle.max-wait",
            new DurationParser(3_600_000L), c -> c.throttle().maxWaitMillis(), GuardConfig.Builder::throttleMaxWaitMillis,
            "How long a request may wait for its quota; a longer wait is refused at once with a local 429 (Retry-After set, header x-llm-guard: refused)."));

    public static final ConfigKey<Integer> THROTTLE_HEADROOM = add(ConfigKey.of("llmguard.throttle.headroom-percent",
            new WholeNumberParser(0, 50), c -> c.throttle().headroomPercent(), GuardConfig.Builder::throttleHeadroomPercent,
            "How far below each limit requests are paced, in percent, so clock drift and network jitter do not cause 429s."));

    public static final ConfigKey<Limits> LIMITS_DEFAULT = add(ConfigKey.of("llmguard.limits.default",
            new LimitsParser(), c -> c.throttle().limitsDefault(), GuardConfig.Builder::limitsDefault,
            "Limits for every quota (a quota is host + API key + model). A learned limit that is lower still applies."));

    public static final ConfigKey<java.util.Map<String, Limits>> LIMITS_HOSTS = add(ConfigKey.of("llmguard.limits.hosts",
            new LimitRulesParser("api.openai.com: rpm=500 tpm=30000; *.openai.azure.com: rpm=300", true),
            c -> c.throttle().limitsHosts(), GuardConfig.Builder::limitsHosts,
            "Limits per host (or *.suffix pattern), overriding llmguard.limits.default item by item."));

    public static final ConfigKey<java.util.Map<String, Limits>> LIMITS_MODELS = add(ConfigKey.of("llmguard.limits.models",
            new LimitRulesParser("gpt-4o: tpm=30000; gpt-4o-mini: rpm=5000 tpm=200000", false),
            c -> c.throttle().limitsModels(), GuardConfig.Builder::limitsModels,
            "Limits per model, overriding the host's and the default limits item by item."));

    // ---- priority: interactive requests first

    public static final ConfigKey<PriorityConfig.Priority> PRIORITY_DEFAULT = add(ConfigKey.of("llmguard.priority.default",
            ChoiceParsers.lowerCaseEnum(PriorityConfig.Priority.class), c -> c.priority().defaultPriority(), GuardConfig.Builder::priorityDefault,
            "The priority of a request that names none (header x-llm-guard-priority: interactive or background, removed before it is sent) and runs on no interactive thread. While interactive requests wait for a quota they go first; background ones use what is left."));

    public static final ConfigKey<List<String>> PRIORITY_INTERACTIVE_THREADS = add(ConfigKey.of("llmguard.priority.interactive-threads",
            ListParser.threadNamePatterns(), c -> c.priority().interactiveThreads(), GuardConfig.Builder::priorityInteractiveThreads,
            "Requests made on threads with these names are interactive (* matches any characters), e.g. http-nio-*, qtp*, reactor-http-*, XNIO-*-task-* for the web servers' request threads."));

    public static final ConfigKey<Long> PRIORITY_INTERACTIVE_MAX_WAIT = add(ConfigKey.of("llmguard.priority.interactive-max-wait",
            new DurationParser(3_600_000L), c -> c.priority().interactiveMaxWaitMillis(), GuardConfig.Builder::priorityInteractiveMaxWaitMillis,
            "The longest an interactive request waits, for its quota and between retries together; beyond it the call is answered at once (a local 429 with Retry-After, or the provider's last answer)."));

    // ---- tenants: fair shares of each quota

    public static final ConfigKey<String> TENANTS_KEY = add(ConfigKey.of("llmguard.tenants.key",
            TextParsers.tenantKey(), c -> c.tenants().key(), GuardConfig.Builder::tenantsKey,
            "Splits each quota between tenants, read from this request header or body field: while several tenants wait, none gets more than an equal share. Unset: requests are not told apart. Tenant values are only ever stored and printed as hashes."));

    public static final ConfigKey<Limits> TENANTS_LIMITS = add(ConfigKey.of("llmguard.tenants.limits",
            new LimitsParser(), c -> c.tenants().limits(), GuardConfig.Builder::tenantsLimits,
            "Limits every tenant is held to within each quota (needs llmguard.tenants.key), in the syntax of llmguard.limits.default; through Redis for a fleet."));

    // ---- capture

    // ---- redis: quotas shared by a fleet

    public static final ConfigKey<String> REDIS_URL = add(ConfigKey.of("llmguard.redis.url",
            TextParsers.redisUrl(), c -> c.redis().url(), GuardConfig.Builder::redisUrl,
            "Share quota buckets, learned limits and pauses with every JVM using the same Redis; unset: each JVM paces on its own.")
            .secret(Redaction.URL_PASSWORD));

    public static final ConfigKey<String> REDIS_PREFIX = add(ConfigKey.of("llmguard.redis.prefix",
            TextParsers.keyPrefix(), c -> c.redis().prefix(), GuardConfig.Builder::redisPrefix,
            "Prefix of every Redis key the agent writes (keys hold host, key fingerprint and model, never the API key)."));

    public static final ConfigKey<Long> REDIS_TIMEOUT = add(ConfigKey.of("llmguard.redis.timeout",
            new DurationParser(10_000L), c -> c.redis().timeoutMillis(), GuardConfig.Builder::redisTimeoutMillis,
            "Connect and read timeout of each Redis call; past it the request is paced locally instead."));

    public static final ConfigKey<Long> REDIS_RETRY_INTERVAL = add(ConfigKey.of("llmguard.redis.retry-interval",
            new DurationParser(600_000L), c -> c.redis().retryIntervalMillis(), GuardConfig.Builder::redisRetryIntervalMillis,
            "While Redis is unreachable, how often a background thread pings it (at least every 50ms); requests are paced locally, never waiting for Redis, until it answers."));

    public static final ConfigKey<Integer> CAPTURE_MAX_BODY_BYTES = add(ConfigKey.of("llmguard.capture.max-body-bytes",
            new SizeParser(64 << 20), c -> c.capture().maxBodyBytes(), GuardConfig.Builder::maxBodyCaptureBytes,
            "Request bodies up to this size are copied for inspection; larger ones are left alone."));

    // ---- rules between keys

    static {
        CONSTRAINTS.add(ConfigConstraint.notLessThan(RETRY_MAX_DELAY, RETRY_BASE_DELAY));
    }

    private ConfigKeys() {
    }

    private static <T> ConfigKey<T> add(ConfigKey<T> key) {
        KEYS.add(key);
        return key;
    }

    /** Every key, in documentation order. */
    public static List<ConfigKey<?>> all() {
        return Collections.unmodifiableList(KEYS);
    }

    /** The key with this full name ("llmguard.retry.max-attempts"), or null. */
    public static ConfigKey<?> byName(String name) {
        for (ConfigKey<?> k : KEYS) {
            if (k.name().equals(name)) {
                return k;
            }
        }
        return null;
    }

    static List<ConfigConstraint<?>> constraints() {
        return Collections.unmodifiableList(CONSTRAINTS);
    }

    /** What {@code java -jar llm-guard.jar} prints: what the agent is, how to attach it, and every key. */
    public static String usageText() {
        StringBuilder sb = new StringBuilder();
        sb.append("llm-guard: a Java agent that makes JVM services survive LLM API rate limits (HTTP 429)\n");
        sb.append("with retries and backoff, throttling and 429 logging, without changing the application.\n\n");
        sb.append("Attach it to your service's JVM:\n");
        sb.append("  java -javaagent:/path/llm-guard.jar[=key=value,...] <your usual arguments>\n\n");
        sb.append("Settings are read from these places; for each key the first one that has it wins:\n");
        sb.append("  1. agent arguments      -javaagent:/path/llm-guard.jar=retry.max-attempts=3,log.level=debug\n");
        sb.append("                          (the llmguard. prefix is optional; a list value may contain commas)\n");
        sb.append("  2. system properties    -Dllmguard.retry.max-attempts=3\n");
        sb.append("  3. environment          LLMGUARD_RETRY_MAX_ATTEMPTS=3 (upper case, _ for . and -)\n");
        sb.append("  4. properties file      named by llmguard.config-file (keys with the llmguard. prefix)\n");
        sb.append("  5. the defaults below\n");
        sb.append("An invalid value is reported at startup and the next place's value (or the default) is used.\n\n");
        sb.append("Keys:\n");
        for (ConfigKey<?> k : KEYS) {
            sb.append("  ").append(k.name()).append("  (").append(k.envName()).append(")\n");
            wrap(sb, k.description() + " Expected: " + k.expectedForm() + ".", "      ", 100);
            wrap(sb, "Default: " + k.defaultText(), "      ", 100);
        }
        return sb.toString();
    }

    private static void wrap(StringBuilder sb, String text, String indent, int width) {
        StringBuilder line = new StringBuilder(indent);
        for (String word : text.split(" ")) {
            if (line.length() > indent.length() && line.length() + 1 + word.length() > width) {
                sb.append(line).append('\n');
                line.setLength(0);
                line.append(indent);
            }
            if (line.length() > indent.length()) {
                line.append(' ');
            }
            line.append(word);
        }
        sb.append(line).append('\n');
    }

    /** The README's configuration table: {@code | Key | Env variable | Default | Meaning |}, one row per key. */
    public static String markdownTable() {
        StringBuilder sb = new StringBuilder();
        sb.append("| Key | Env variable | Default | Meaning |\n");
        sb.append("|---|---|---|---|\n");
        for (ConfigKey<?> k : KEYS) {
            String def = k.defaultText();
            sb.append("| `").append(k.name()).append("` | `").append(k.envName()).append("` | ")
                    .append(def.equals("(none)") ? "(none)" : code(def)).append(" | ")
                    .append(markdownText(k.description() + " Expected: " + k.expectedForm() + "."))
                    .append(" |\n");
        }
        return sb.toString();
    }

    private static String code(String text) {
        return "`" + text.replace("|", "\\|").replace("`", "'") + "`";
    }

    private static String markdownText(String text) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '|' || c == '*' || c == '_' || c == '`' || c == '<' || c == '\\' || c == '[') {
                sb.append('\\');
            }
            sb.append(c);
        }
        return sb.toString();
    }
}
