package dev.llmguard.it;

import static dev.llmguard.it.support.ChildRuns.agentLinesWith;
import static org.assertj.core.api.Assertions.assertThat;

import dev.llmguard.it.support.ChatCallsServer;
import dev.llmguard.it.support.OpenAiResponses;
import dev.llmguard.it.support.OutageWorkload;
import dev.llmguard.it.support.OutageWorkload.Client;
import dev.llmguard.it.support.OutageWorkload.Figures;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * A 16-thread service, plain OkHttp or the OpenAI SDK, with the agent at its defaults, while the
 * provider is down: the retry budget keeps what the server receives near one request per call and
 * the breaker makes the calls fail fast; a short blip is still absorbed.
 */
class OutageIT {
    private static final int CALLS = 160;

    @RegisterExtension
    final ChatCallsServer server = new ChatCallsServer();

    @ParameterizedTest(name = "{0}")
    @EnumSource(value = Client.class, names = {"OKHTTP", "OPENAI_SDK"})
    void aSustainedOutageOf503sCostsAtMostOneAndAHalfRequestsPerCallAndFailsWithinTenSeconds(Client client) throws Exception {
        server.dispatcher().then(OutageWorkload.unavailable());

        Figures f = OutageWorkload.run(server, client, "", CALLS);
        System.out.println("OUTAGE 503 " + client + ": " + f);

        assertThat(f.calls()).as(f.toString()).isEqualTo(CALLS);
        assertThat(f.succeeded()).as(f.toString()).isZero();
        assertThat(f.requestsPerCall()).as(f.toString()).isLessThanOrEqualTo(1.5);
        assertThat(f.elapsedMs()).as(f.toString()).isLessThan(10_000);
        assertThat(f.answeredLocally()).as("the circuit opened and answered the rest: " + f).isPositive();
        assertThat(agentLinesWith(f.run(), "WARN", "giving up (503", "the retry budget of the host is spent")).as(f.toString()).isNotEmpty();
        assertThat(agentLinesWith(f.run(), "WARN", "circuit open: ", "model=gpt-4o-mini", "calls in a row failed")).hasSize(1);
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(value = Client.class, names = {"OKHTTP", "OPENAI_SDK"})
    void connectionResetsDrawOnTheSameBudgetWithTheBreakerOff(Client client) throws Exception {
        server.dispatcher().then(OutageWorkload.reset());

        Figures f = OutageWorkload.run(server, client, "breaker.failure-threshold=0", CALLS);
        System.out.println("OUTAGE reset " + client + ", breaker off: " + f);

        assertThat(f.succeeded()).as(f.toString()).isZero();
        assertThat(f.answeredLocally()).as(f.toString()).isZero();
        assertThat(f.requestsPerCall()).as(f.toString()).isLessThanOrEqualTo(1.5);
        assertThat(agentLinesWith(f.run(), "giving up after connection failure", "the retry budget of the host is spent"))
                .as(f.toString()).isNotEmpty();
    }

    /**
     * Two seconds of 503s and resets after three healthy seconds (the retries the blip needs are
     * earned by the calls before it). Twelve attempts rather than five: with
     * full jitter about one call in ten that starts with the blip would run out of five attempts
     * inside two seconds, budget or not, and more with resets, which OkHttp re-sends on its own
     * (each re-send counts as an attempt); this test is about the budget. Backoff capped at 4 s so
     * that the run ends soon after the blip.
     */
    @ParameterizedTest(name = "{0}")
    @EnumSource(value = Client.class, names = {"OKHTTP", "OPENAI_SDK"})
    void aTwoSecondBlipInSteadyTrafficIsStillAbsorbed(Client client) throws Exception {
        AtomicLong firstNanos = new AtomicLong();
        AtomicLong served = new AtomicLong();
        server.dispatcher().then(() -> {
            long now = System.nanoTime();
            firstNanos.compareAndSet(0, now);
            long ms = (now - firstNanos.get()) / 1_000_000;
            if (ms < 3_000 || ms >= 5_000) {
                return OpenAiResponses.ok().setBodyDelay(10, java.util.concurrent.TimeUnit.MILLISECONDS);
            }
            return served.incrementAndGet() % 2 == 0 ? OutageWorkload.reset() : OutageWorkload.unavailable();
        });

        Figures f = OutageWorkload.run(server, client, "retry.max-attempts=12,retry.max-delay=4s", -1, 7);
        System.out.println("BLIP " + client + ": " + f + " blip answers=" + served);

        assertThat(served.get()).as("the blip was hit: " + f).isGreaterThan(16);
        assertThat(f.succeeded()).as(f + "\n" + agentLinesWith(f.run(), "giving up")).isEqualTo(f.calls());
        assertThat(agentLinesWith(f.run(), "circuit open")).isEmpty();
    }

    @org.junit.jupiter.api.Test
    void observeModeSendsAsWithoutTheAgentAndSaysWhatTheBudgetAndTheBreakerWouldHaveDone() throws Exception {
        server.dispatcher().then(OutageWorkload.unavailable());

        // 20 failed calls to open the circuit: by then the budget (10 + 20% of the calls) has refused some
        Figures f = OutageWorkload.run(server, Client.OKHTTP, "mode=observe,breaker.failure-threshold=20", CALLS);

        assertThat(f.requestsPerCall()).as(f.toString()).isEqualTo(1.0);
        assertThat(f.answeredLocally()).as(f.toString()).isZero();
        assertThat(agentLinesWith(f.run(), "would give up: the retry budget of the host is spent", "[observe mode]")).isNotEmpty();
        assertThat(agentLinesWith(f.run(), "WARN", "circuit open: ", "[observe mode: calls are still sent]")).hasSize(1);
    }
}
