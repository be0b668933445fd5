package dev.llmguard.core.scope;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

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

    private final Set<String> exactHosts = new HashSet<>();
    private final String[] hostSuffixes;
    private final String[] pathEndings;

    public Scope(List<String> hosts, List<String> extraHosts, List<String> pathEndings) {
        List<String> suffixes = new ArrayList<>();
        addHosts(hosts, suffixes);
        addHosts(extraHosts, suffixes);
        this.hostSuffixes = suffixes.toArray(new String[0]);
        List<String> paths = new ArrayList<>();
        for (String p : pathEndings) {
            String t = p.trim();
            if (!t.isEmpty()) {
                paths.add(t.toLowerCase(Locale.ROOT));
            }
        }
        this.pathEndings = paths.toArray(new String[0]);
    }

    private void addHosts(List<String> patterns, List<String> suffixes) {
        for (String p : patterns) {
            String t = p.trim().toLowerCase(Locale.ROOT);
            if (t.isEmpty()) {
                continue;
            }
            if (t.startsWith("*")) {
                suffixes.add(t.substring(1)); // "*.openai.azure.com" -> ".openai.azure.com"
            } else {
                exactHosts.add(t);
            }
        }
    }

    /** @param host as the client has it (OkHttp gives it lower-case); @param path the encoded path */
    public boolean matches(String host, String path) {
        return hostMatches(host) || pathMatches(path);
    }

    public boolean hostMatches(String host) {
        if (host == null) {
            return false;
        }
        for (String suffix : hostSuffixes) {
            if (endsWithIgnoreCase(host, suffix)) {
                return true;
            }
        }
        // OkHttp hands hosts over in lower case already; only other clients pay for the conversion
        return exactHosts.contains(host) || exactHosts.contains(host.toLowerCase(Locale.ROOT));
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

    private static boolean endsWithIgnoreCase(String s, String suffix) {
        int start = s.length() - suffix.length();
        return start > 0 && s.regionMatches(true, start, suffix, 0, suffix.length());
    }
}
