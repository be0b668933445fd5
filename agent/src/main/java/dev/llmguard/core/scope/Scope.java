package dev.llmguard.core.scope;

import dev.llmguard.config.ScopeConfig;
import dev.llmguard.core.http.HostPattern;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Decides whether a request is an LLM API call the guard owns: a known LLM host, or an LLM API
 * path on any host (so local gateways are covered). Everything else passes through untouched.
 * Called for every request the host makes, so it allocates nothing on the common path.
 */
public final class Scope {
    /**
     * Headers the official OpenAI and Anthropic SDKs put on every request. Their own retries are
     * handed over to the guard, so a request carrying one is guarded whatever its host and path.
     */
    public static final String[] SDK_REQUEST_HEADERS = {"X-Stainless-Lang", "X-Stainless-Retry-Count"};

    private final HostPattern[] hostPatterns;
    private final String[] pathEndings;

    public Scope(ScopeConfig config) {
        List<HostPattern> patterns = new ArrayList<>();
        addHosts(config.hosts(), patterns);
        addHosts(config.extraHosts(), patterns);
        this.hostPatterns = patterns.toArray(new HostPattern[0]);
        List<String> paths = new ArrayList<>();
        for (String p : config.paths()) {
            String t = p.trim();
            if (!t.isEmpty()) {
                paths.add(t.toLowerCase(Locale.ROOT));
            }
        }
        this.pathEndings = paths.toArray(new String[0]);
    }

    private static void addHosts(List<String> patterns, List<HostPattern> into) {
        for (String p : patterns) {
            if (!p.trim().isEmpty()) {
                into.add(HostPattern.of(p));
            }
        }
    }

    /** @param host as the client has it (OkHttp gives it lower-case); @param path the encoded path */
    public boolean matches(String host, String path) {
        return hostMatches(host) || pathMatches(path);
    }

    public boolean hostMatches(String host) {
        for (HostPattern pattern : hostPatterns) {
            if (pattern.matches(host)) {
                return true;
            }
        }
        return false;
    }

    public boolean pathMatches(String path) {
        if (path == null) {
            return false;
        }
        int end = path.length();
        while (end > 1 && path.charAt(end - 1) == '/') {
            end--; // "/v1/chat/completions/" is the same endpoint
        }
        for (String ending : pathEndings) {
            int start = end - ending.length();
            if (start >= 0 && path.regionMatches(true, start, ending, 0, ending.length())) {
                return true;
            }
        }
        return false;
    }
}
