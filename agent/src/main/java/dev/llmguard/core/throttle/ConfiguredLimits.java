package dev.llmguard.core.throttle;

import dev.llmguard.config.GuardConfig;
import dev.llmguard.config.Limits;
import java.util.Locale;
import java.util.Map;

/** The limits configured for a quota: the default, then the host's rule, then the model's, item by item. */
final class ConfiguredLimits {
    private final Limits defaults;
    private final Map<String, Limits> hosts;
    private final Map<String, Limits> models;

    ConfiguredLimits(GuardConfig config) {
        this.defaults = config.limitsDefault();
        this.hosts = config.limitsHosts();
        this.models = config.limitsModels();
    }

    Limits forKey(QuotaKey key) {
        Limits limits = defaults;
        String host = hostWithoutPort(key.host());
        for (Map.Entry<String, Limits> rule : hosts.entrySet()) {
            if (hostMatches(rule.getKey(), host)) {
                limits = limits.overriddenBy(rule.getValue());
            }
        }
        Limits model = models.get(key.model());
        return model == null ? limits : limits.overriddenBy(model);
    }

    private static String hostWithoutPort(String host) {
        int colon = host.lastIndexOf(':');
        return colon > 0 && host.indexOf(']') < colon ? host.substring(0, colon) : host;
    }

    static boolean hostMatches(String pattern, String host) {
        String h = host.toLowerCase(Locale.ROOT);
        if (pattern.startsWith("*")) {
            String suffix = pattern.substring(1);
            return h.length() > suffix.length() && h.endsWith(suffix);
        }
        return pattern.equals(h);
    }
}
