package dev.llmguard.it;

import static dev.llmguard.it.support.OpenAiResponses.ok;
import static org.assertj.core.api.Assertions.assertThat;

import dev.llmguard.it.support.ChatCallsServer;
import dev.llmguard.it.support.Jdk;
import dev.llmguard.it.support.OkHttpVersion;
import dev.llmguard.it.support.RedisServer;
import dev.llmguard.it.support.RunResult;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The Redis store's set-up: authentication, what it writes, and that nothing of it loads unless asked. */
class RedisStoreIT {
    private static final String PASSWORD = "redis-canary-pw-41c7";
    private ChatCallsServer server;

    @BeforeEach
    void start() throws Exception {
        server = ChatCallsServer.started();
        server.dispatcher().then(ok().setHeader("x-ratelimit-limit-requests", "600").setHeader("x-ratelimit-remaining-requests", "599")
                .setHeader("x-ratelimit-reset-requests", "100ms"));
    }

    @AfterEach
    void stop() throws Exception {
        server.close();
    }

    @Test
    void authenticatesAsAnAclUserAndNeverPrintsThePassword() throws Exception {
        try (RedisServer redis = RedisServer.start("--user", "default", "off", "--user", "guard", "on", ">" + PASSWORD, "~*", "+@all")) {
            String url = "redis://guard:" + PASSWORD + "@127.0.0.1:" + redis.port();

            RunResult result = server.run(OkHttpVersion.OKHTTP_4, Jdk.current(), jvm -> jvm.property("llmguard.redis.url", url)
                    .property("llmguard.redis.prefix", "acl").property("llmguard.log.level", "debug"), "calls=3");

            assertThat(result.lines("CALL ")).hasSize(3).allSatisfy(l -> assertThat(l).contains("status=200"));
            assertThat(result.stderr).contains("quotas are shared through Redis").doesNotContain("Redis unreachable");
            assertThat(result.stderr).as("the password is masked everywhere").doesNotContain(PASSWORD).contains("llmguard.redis.url");
            String keys = redis.cli("--user", "guard", "--pass", PASSWORD, "--no-auth-warning", "--scan", "--pattern", "acl:*");
            assertThat(keys).contains("acl:localhost:").contains(":gpt-4o-mini:requests").contains(":limits").contains("acl:members");
            assertThat(keys).as("keys hold the key's fingerprint, never the key").doesNotContain("canary-7f3a9c");
        }
    }

    @Test
    void aWrongPasswordMeansLocalPacingAndOneWarningNotFailures() throws Exception {
        try (RedisServer redis = RedisServer.start("--requirepass", PASSWORD)) {
            RunResult result = server.run(OkHttpVersion.OKHTTP_4, Jdk.current(), jvm -> jvm.property("llmguard.redis.url",
                    "redis://:wrong-password@127.0.0.1:" + redis.port()), "calls=3");

            assertThat(result.lines("CALL ")).hasSize(3).allSatisfy(l -> assertThat(l).contains("status=200"));
            assertThat(result.agentLines().stream().filter(l -> l.contains("Redis unreachable")).count()).isEqualTo(1);
            assertThat(result.stderr).doesNotContain("wrong-password");
        }
    }

    @Test
    void withoutARedisUrlNoRedisClassIsLoaded() throws Exception {
        RunResult result = server.run(OkHttpVersion.OKHTTP_4, Jdk.current(), jvm -> jvm.jvmArg("-verbose:class"), "calls=2");

        assertThat(result.lines("CALL ")).hasSize(2);
        assertThat(result.stdout).as("the run loaded the agent's classes").contains("dev.llmguard.core.throttle.Quota");
        assertThat(result.stdout).doesNotContain("dev.llmguard.redis.").doesNotContain("dev.llmguard.shaded.redis.")
                .doesNotContain("dev.llmguard.shaded.pool2.");
    }
}
