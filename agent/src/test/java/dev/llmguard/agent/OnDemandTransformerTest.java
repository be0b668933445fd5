package dev.llmguard.agent;

import static org.assertj.core.api.Assertions.assertThat;

import dev.llmguard.config.GuardConfig.LogLevel;
import dev.llmguard.log.GuardLog;
import dev.llmguard.log.InternalErrors;
import java.lang.instrument.ClassFileTransformer;
import java.net.URL;
import java.net.URLClassLoader;
import java.security.ProtectionDomain;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class OnDemandTransformerTest {
    private static final byte[] BYTES = {1, 2, 3};
    private static final byte[] CHANGED = {4, 5, 6};
    private final AtomicInteger created = new AtomicInteger();
    private final AtomicInteger delegated = new AtomicInteger();
    private final ClassLoader appLoader = OnDemandTransformerTest.class.getClassLoader();

    @BeforeEach
    void quietErrors() {
        InternalErrors.configure(GuardLog.create(LogLevel.OFF), false);
    }

    private OnDemandTransformer transformer(boolean factoryFails) {
        List<String> names = Arrays.asList("okhttp3.OkHttpClient", "okhttp3.OkHttpClient$Builder");
        return new OnDemandTransformer(names, java.util.Collections.<String>emptyList(), () -> {
            created.incrementAndGet();
            if (factoryFails) {
                throw new NoClassDefFoundError("dev/llmguard/shaded/bytebuddy/asm/Advice");
            }
            return new ClassFileTransformer() {
                @Override
                public byte[] transform(ClassLoader l, String n, Class<?> c, ProtectionDomain d, byte[] b) {
                    delegated.incrementAndGet();
                    return CHANGED;
                }
            };
        }, GuardLog.create(LogLevel.OFF));
    }

    @Test
    void leavesEveryOtherClassAloneWithoutSettingUpByteBuddy() {
        OnDemandTransformer t = transformer(false);

        assertThat(t.transform(appLoader, "okhttp3/Request", null, null, BYTES)).isNull();
        assertThat(t.transform(appLoader, "com/example/OkHttpClient", null, null, BYTES)).isNull();
        assertThat(t.transform(appLoader, null, null, null, BYTES)).isNull();

        assertThat(created).hasValue(0);
    }

    @Test
    void setsUpByteBuddyOnceOnTheFirstListedClass() {
        OnDemandTransformer t = transformer(false);

        assertThat(t.transform(appLoader, "okhttp3/OkHttpClient$Builder", null, null, BYTES)).isEqualTo(CHANGED);
        assertThat(t.transform(appLoader, "okhttp3/OkHttpClient", null, null, BYTES)).isEqualTo(CHANGED);

        assertThat(created).hasValue(1);
        assertThat(delegated).hasValue(2);
    }

    @Test
    void aFailedSetUpIsReportedAndNotRetriedOnEveryClass() {
        OnDemandTransformer t = transformer(true);
        long before = InternalErrors.total();

        assertThat(t.transform(appLoader, "okhttp3/OkHttpClient", null, null, BYTES)).isNull();
        assertThat(t.transform(appLoader, "okhttp3/OkHttpClient$Builder", null, null, BYTES)).isNull();

        assertThat(created).hasValue(1);
        assertThat(InternalErrors.total() - before).isEqualTo(1);
    }

    @Test
    void leavesClassesAloneWhoseLoaderCannotSeeTheAgent() throws Exception {
        OnDemandTransformer t = transformer(false);
        try (URLClassLoader isolated = new URLClassLoader(new URL[0], null)) {
            assertThat(t.transform(isolated, "okhttp3/OkHttpClient", null, null, BYTES)).isNull();
            assertThat(t.transform(null, "okhttp3/OkHttpClient", null, null, BYTES)).isNull();
        }
        assertThat(created).hasValue(0);
    }
}
