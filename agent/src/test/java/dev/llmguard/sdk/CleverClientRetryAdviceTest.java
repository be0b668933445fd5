package dev.llmguard.sdk;

import static net.bytebuddy.matcher.ElementMatchers.named;
import static org.assertj.core.api.Assertions.assertThat;

import dev.llmguard.config.GuardConfig;
import dev.llmguard.log.GuardLog;
import net.bytebuddy.ByteBuddy;
import net.bytebuddy.asm.Advice;
import net.bytebuddy.dynamic.loading.ClassLoadingStrategy;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The advice woven into a class shaped like cleverclient's RetryConfig, without an agent. */
class CleverClientRetryAdviceTest {
    private static final Class<?> WOVEN = new ByteBuddy()
            .redefine(LookalikeRetryConfig.class)
            .name("dev.llmguard.sdk.woven.RetryConfig")
            .visit(Advice.to(CleverClientRetryAdvice.class).on(named("getMaxAttempts")))
            .make()
            .load(CleverClientRetryAdviceTest.class.getClassLoader(), ClassLoadingStrategy.Default.CHILD_FIRST)
            .getLoaded();

    private static int attemptsOf(int configured) throws Exception {
        Object config = WOVEN.getConstructor(int.class).newInstance(configured);
        return (Integer) WOVEN.getMethod("getMaxAttempts").invoke(config);
    }

    @AfterEach
    void deactivate() {
        CleverClientHandover.activate(null, 0);
    }

    @Test
    void reportsOneAttemptWhileTheGuardIsActive() throws Exception {
        CleverClientHandover.activate(GuardLog.create(GuardConfig.LogLevel.OFF), 5);
        assertThat(attemptsOf(3)).isEqualTo(1);
        assertThat(attemptsOf(1)).isEqualTo(1);
    }

    @Test
    void leavesTheConfiguredAttemptsAloneWhenTheGuardIsNotActive() throws Exception {
        assertThat(attemptsOf(3)).isEqualTo(3);
    }
}
