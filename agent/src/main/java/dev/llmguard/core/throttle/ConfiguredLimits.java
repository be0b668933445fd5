package dev.llmguard.core.throttle;

import dev.llmguard.config.Limits;
import dev.llmguard.config.ThrottleConfig;
import dev.llmguard.core.http.HostPattern;
import dev.llmguard.core.http.HostPort;
import java.util.Map;

/** The limits configured for a quota: the default, then the host's rule, then the model's, item by item. */
final class ConfiguredLimits {
    private final Limits defaults;
    /** In the configured order: a later matching rule overrides an earlier one item by item. */
    private final HostPattern[] hostPatterns;
    private final Limits[] hostLimits;
    private final Map<String, Limits> models;

    ConfiguredLimits(ThrottleConfig config) {
        this.defaults = config.limitsDefault();
        Map<String, Limits> hosts = config.limitsHosts();
        this.hostPatterns = new HostPattern[hosts.size()];
        this.hostLimits = new Limits[hosts.size()];
        int i = 0;
        for (Map.Entry<String, Limits> rule : hosts.entrySet()) {
            hostPatterns[i] = HostPattern.of(rule.getKey());
            hostLimits[i] = rule.getValue();
            i++;
        }
        this.models = config.limitsModels();
    }

    Limits forKey(QuotaKey key) {
        Limits limits = defaults;
        String host = HostPort.hostOf(key.host());
        for (int i = 0; i < hostPatterns.length; i++) {
            if (hostPatterns[i].matches(host)) {
                limits = limits.overriddenBy(hostLimits[i]);
            }
        }
        Limits model = models.get(key.model());
        return model == null ? limits : limits.overriddenBy(model);
    }
}
