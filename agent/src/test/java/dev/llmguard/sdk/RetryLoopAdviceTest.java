package dev.llmguard.sdk;

import static net.bytebuddy.matcher.ElementMatchers.isConstructor;
import static org.assertj.core.api.Assertions.assertThat;

import dev.llmguard.config.GuardConfig;
import dev.llmguard.log.GuardLog;
import dev.llmguard.sdk.fake.client.okhttp.OkHttpClient;
import dev.llmguard.sdk.fake.core.http.ClosingHttpClient;
import dev.llmguard.sdk.fake.core.http.HttpClient;
import dev.llmguard.sdk.fake.core.http.LoggingHttpClient;
import dev.llmguard.sdk.fake.springai.SpringAiOpenAiHttpClient;
import java.lang.reflect.Method;
import net.bytebuddy.ByteBuddy;
import net.bytebuddy.asm.Advice;
import net.bytebuddy.dynamic.loading.ClassLoadingStrategy;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The constructor advice woven into a class shaped like the SDKs' RetryingHttpClient, without an agent. */
class RetryLoopAdviceTest {
    private static final Class<?> WOVEN = new ByteBuddy()
            .redefine(LookalikeRetryingHttpClient.class)
            .name("dev.llmguard.sdk.woven.RetryingHttpClient")
            .visit(Advice.to(RetryLoopAdvice.AfterConstructor.class).on(isConstructor()))
            .make()
            .load(RetryLoopAdviceTest.class.getClassLoader(), ClassLoadingStrategy.Default.CHILD_FIRST)
            .getLoaded();

    @AfterEach
    void deactivate() {
        SdkBridge.activate(null, 0);
    }

    private static int maxRetriesAfterConstruction(Object transport, int configured) throws Exception {
        Object client = WOVEN.getMethod("create", Object.class, int.class).invoke(null, transport, configured);
        Method getter = WOVEN.getMethod("maxRetries");
        return (Integer) getter.invoke(client);
    }

    @Test
    void setsTheSdksRetriesToZeroWhileTheGuardIsActive() throws Exception {
        SdkBridge.activate(GuardLog.create(GuardConfig.LogLevel.OFF), 5);

        assertThat(maxRetriesAfterConstruction(new OkHttpClient(), 2)).isZero();
        assertThat(maxRetriesAfterConstruction(new OkHttpClient(), 10)).isZero();
    }

    @Test
    void findsTheOkHttpTransportBehindTheSdksDecorators() throws Exception {
        SdkBridge.activate(GuardLog.create(GuardConfig.LogLevel.OFF), 5);

        assertThat(maxRetriesAfterConstruction(new LoggingHttpClient(new LoggingHttpClient(new OkHttpClient())), 2)).isZero();
        assertThat(maxRetriesAfterConstruction(new ClosingHttpClient(new LoggingHttpClient(new OkHttpClient())), 2)).isZero();
        assertThat(maxRetriesAfterConstruction(new LoggingHttpClient(new HttpClient() { }), 2)).isEqualTo(2);
        assertThat(maxRetriesAfterConstruction(new LoggingHttpClient(null), 2)).isEqualTo(2);
    }

    @Test
    void handsOverTheRetriesOfATransportOfItsOwnBuiltOnOkHttp() throws Exception {
        SdkBridge.activate(GuardLog.create(GuardConfig.LogLevel.OFF), 5);

        assertThat(maxRetriesAfterConstruction(new LoggingHttpClient(new SpringAiOpenAiHttpClient()), 2)).isZero();
    }

    @Test
    void leavesTheSdkAloneWhenTheGuardIsNotActive() throws Exception {
        assertThat(maxRetriesAfterConstruction(new OkHttpClient(), 2)).isEqualTo(2);
    }

    @Test
    void leavesAnotherTransportItsRetriesSinceTheGuardMightNotSeeItsRequests() throws Exception {
        SdkBridge.activate(GuardLog.create(GuardConfig.LogLevel.OFF), 5);

        assertThat(maxRetriesAfterConstruction(new Object(), 3)).isEqualTo(3);
        assertThat(maxRetriesAfterConstruction(null, 3)).isEqualTo(3);
    }

    @Test
    void namesTheSdkFromItsPackage() {
        assertThat(SdkBridge.sdkName("com.openai.core.http.RetryingHttpClient")).isEqualTo("openai-java");
        assertThat(SdkBridge.sdkName("com.anthropic.core.http.RetryingHttpClient")).isEqualTo("anthropic-java");
    }
}
