package dev.llmguard.agent;

import dev.llmguard.config.RedisConfig;
import dev.llmguard.core.throttle.LocalQuotaStore;
import dev.llmguard.core.throttle.QuotaStore;
import dev.llmguard.log.GuardLog;
import dev.llmguard.log.InternalErrors;

/** Chooses where quota state lives. The Redis store is loaded by name, so without a URL no Redis class loads. */
final class QuotaStores {
    private static final String REDIS_STORE = "dev.llmguard.redis.RedisQuotaStore";

    private QuotaStores() {
    }

    static QuotaStore create(RedisConfig config, GuardLog log) {
        if (config.url() == null) {
            return LocalQuotaStore.INSTANCE;
        }
        try {
            log.configureLibraryLogging();
            Class<?> type = Class.forName(REDIS_STORE, true, QuotaStores.class.getClassLoader());
            QuotaStore store = (QuotaStore) type.getConstructor(RedisConfig.class, GuardLog.class).newInstance(config, log);
            log.info("quotas are shared through Redis (" + config.prefix() + ":*)");
            return store;
        } catch (Throwable t) {
            InternalErrors.report("connecting to Redis (quotas are paced by this JVM alone)", t);
            return LocalQuotaStore.INSTANCE;
        }
    }
}
