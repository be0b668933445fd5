package dev.llmguard.sdk;

import static net.bytebuddy.matcher.ElementMatchers.isConstructor;
import static org.assertj.core.api.Assertions.assertThat;

import dev.llmguard.config.GuardConfig;
import dev.llmguard.log.GuardLog;
import net.bytebuddy.ByteBuddy;
import net.bytebuddy.asm.Advice;
import net.bytebuddy.dynamic.loading.ClassLoadingStrategy;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The constructor advice woven into a class shaped like google-genai's RetryInterceptor, without an agent. */
class GoogleGenAiRetryAdviceTest {
    private static final Class<?> WOVEN = new ByteBuddy()
            .redefine(LookalikeRetryInterceptor.class)
            .name("dev.llmguard.sdk.woven.RetryInterceptor")
            .visit(Advice.to(GoogleGenAiRetryAdvice.class).on(isConstructor()))
            .make()
            .load(GoogleGenAiRetryAdviceTest.class.getClassLoader(), ClassLoadingStrategy.Default.CHILD_FIRST)
            .getLoaded();

    private static Object optionsAfterConstruction(Object options) throws Exception {
        Object interceptor = WOVEN.getConstructor(Object.class).newInstance(options);
        return WOVEN.getMethod("retryOptions").invoke(interceptor);
    }

    @AfterEach
    void deactivate() {
        GoogleGenAiHandover.activate(null, 0);
    }

    @Test
    void dropsTheInterceptorsRetryOptionsWhileTheGuardIsActive() throws Exception {
        GoogleGenAiHandover.activate(GuardLog.create(GuardConfig.LogLevel.OFF), 5);
        assertThat(optionsAfterConstruction("attempts=5")).isNull();
    }

    @Test
    void leavesThemAloneWhenTheGuardIsNotActive() throws Exception {
        assertThat(optionsAfterConstruction("attempts=5")).isEqualTo("attempts=5");
    }
}
