package dev.llmguard.core.throttle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.llmguard.config.Limits;
import dev.llmguard.config.ThrottleConfig;
import dev.llmguard.core.exchange.CallControl;
import dev.llmguard.core.exchange.Waiter;
import dev.llmguard.core.http.Headers;
import dev.llmguard.core.ratelimit.RateLimitSnapshot;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class QuotaTest {
    private static final QuotaKey KEY = new QuotaKey("api.openai.com", "abc", "gpt-4o-mini");
    private final List<Limits> learned = new ArrayList<>();
    private final List<Double> paceChanges = new ArrayList<>();

    private Quota quota(Limits configured, int headroom) {
        return new Quota(KEY, configured, ThrottleConfig.builder().headroomPercent(headroom).build(), new QuotaListener() {
            @Override
            public void limitsLearned(Quota q, Limits l, Limits e) {
                learned.add(l);
            }

            @Override
            public void paceChanged(Quota q, double factor) {
                paceChanges.add(factor);
            }
        }, LocalQuotaStore.INSTANCE);
    }

    private static RateLimitSnapshot openAi(String... extra) {
        Headers.Builder b = Headers.builder()
                .add("x-ratelimit-limit-requests", "600").add("x-ratelimit-remaining-requests", "599")
                .add("x-ratelimit-reset-requests", "100ms").add("x-ratelimit-limit-tokens", "60000")
                .add("x-ratelimit-remaining-tokens", "59000").add("x-ratelimit-reset-tokens", "1s");
        for (int i = 0; i < extra.length; i += 2) {
            b.add(extra[i], extra[i + 1]);
        }
        return RateLimitSnapshot.parse(b.build(), System.currentTimeMillis());
    }

    private static long millisSince(long startNanos) {
        return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startNanos);
    }

    @Test
    void pacesEvenlyAfterHalfASecondsBurst() throws IOException {
        Quota q = quota(Limits.parse("rpm=600"), 0); // 10 per second, burst of 5
        long start = System.nanoTime();
        for (int i = 0; i < 25; i++) {
            Admission a = admit(q, 0, CallControl.NONE, 10_000);
            assertThat(a.isRefused()).isFalse();
            a.release();
        }
        assertThat(millisSince(start)).as("20 paced requests at 100 ms each").isBetween(1_800L, 3_500L);
    }

    @Test
    void requestsHeldUpOnTheWayAndArrivingTogetherStillFitTheProvidersOneSecondWindow() throws IOException {
        // 1200 RPM enforced like OpenAI over 1 s: the provider takes 20 at once, then one every 50 ms
        Quota q = quota(Limits.parse("rpm=1200"), 2);
        ProviderWindow provider = new ProviderWindow(20, 20);
        long start = System.nanoTime();
        long heldUntil = TimeUnit.MILLISECONDS.toNanos(300);
        List<Long> arrivals = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            admitQuietly(q);
            // what is let out in the first 300 ms waits for its connection and arrives at 300 ms
            arrivals.add(Math.max(System.nanoTime() - start, heldUntil));
        }
        long rejected = arrivals.stream().filter(at -> !provider.admit(at)).count();
        assertThat(rejected).as("requests the provider would answer 429").isZero();
    }

    @Test
    void headroomPacesBelowTheLimit() {
        Quota q = quota(Limits.parse("rpm=6000"), 50);
        assertThat(q.limits().requestsPerMinute()).isEqualTo(6000);
        long start = System.nanoTime();
        for (int i = 0; i < 100; i++) {
            admitQuietly(q);
        }
        // 50 per second at 50% headroom: a burst of 50, then 50 more at 20 ms each
        assertThat(millisSince(start)).isBetween(800L, 2_500L);
    }

    @Test
    void letsOneRequestOutUntilTheFirstResponseTellsTheLimits() throws Exception {
        Quota q = quota(Limits.UNLIMITED, 2);
        Admission probe = admit(q, 0, CallControl.NONE, 10_000);
        CountDownLatch second = new CountDownLatch(1);
        Thread t = new Thread(() -> {
            admitQuietly(q);
            second.countDown();
        });
        t.start();
        assertThat(second.await(300, TimeUnit.MILLISECONDS)).as("second request waits for the probe").isFalse();
        q.onResponse(openAi(), 200, false, 0, -1, probe);
        probe.release();
        assertThat(second.await(2, TimeUnit.SECONDS)).isTrue();
        assertThat(q.limits().requestsPerMinute()).isEqualTo(600);
        assertThat(q.limits().tokensPerMinute()).isEqualTo(60000);
        assertThat(learned).hasSize(1);
    }

    @Test
    void requestsHeldByTheProbeWaitOutAPauseThatTheProbesResponseStarted() throws Exception {
        Quota q = quota(Limits.UNLIMITED, 2);
        Admission probe = admit(q, 0, CallControl.NONE, 10_000);
        AtomicReference<Long> admittedAt = new AtomicReference<>();
        Thread t = new Thread(() -> {
            admitQuietly(q);
            admittedAt.set(System.nanoTime());
        });
        t.start();
        Thread.sleep(100);
        long pausedAt = System.nanoTime();
        q.onResponse(openAi(), 429, true, 500, -1, probe);
        probe.release();
        t.join(3_000);
        assertThat(TimeUnit.NANOSECONDS.toMillis(admittedAt.get() - pausedAt)).isGreaterThanOrEqualTo(450);
    }

    @Test
    void opensFullyWhenTheProviderSendsNoLimits() throws Exception {
        Quota q = quota(Limits.UNLIMITED, 2);
        Admission probe = admit(q, 0, CallControl.NONE, 10_000);
        q.onResponse(RateLimitSnapshot.parse(Headers.EMPTY, System.currentTimeMillis()), 200, false, 0, -1, probe);
        probe.release();
        long start = System.nanoTime();
        for (int i = 0; i < 1000; i++) {
            admitQuietly(q);
        }
        assertThat(millisSince(start)).isLessThan(1_000);
        assertThat(q.limits().isUnlimited()).isTrue();
    }

    @Test
    void aLongResetMarksTheRequestsLimitAsPerDay() throws Exception {
        Quota q = quota(Limits.UNLIMITED, 0);
        Admission a = admit(q, 0, CallControl.NONE, 1_000);
        RateLimitSnapshot daily = RateLimitSnapshot.parse(Headers.of("x-ratelimit-limit-requests", "14400",
                "x-ratelimit-remaining-requests", "14000", "x-ratelimit-reset-requests", "2m59.56s"), System.currentTimeMillis());
        q.onResponse(daily, 200, false, 0, -1, a);
        assertThat(q.limits().requestsPerDay()).isEqualTo(14400);
        assertThat(q.limits().requestsPerMinute()).isEqualTo(Limits.NONE);
    }

    @Test
    void configuredLimitsWinWhenLowerAndLearnedOnesWhenLower() throws Exception {
        Quota q = quota(Limits.parse("rpm=100 tpm=1000000"), 0);
        Admission a = admit(q, 0, CallControl.NONE, 1_000);
        q.onResponse(openAi(), 200, false, 0, -1, a);
        assertThat(q.limits().requestsPerMinute()).isEqualTo(100);
        assertThat(q.limits().tokensPerMinute()).isEqualTo(60000);
    }

    @Test
    void aRateLimitWithAKnownWaitPausesTheWholeQuota() throws Exception {
        Quota q = quota(Limits.parse("rpm=60000"), 0);
        Admission a = admit(q, 0, CallControl.NONE, 1_000);
        q.onResponse(openAi(), 429, true, 400, -1, a);
        long start = System.nanoTime();
        admitQuietly(q);
        assertThat(millisSince(start)).isBetween(350L, 1_500L);
    }

    @Test
    void aRateLimitDespitePacingHalvesThePaceAndSuccessesBringItBack() throws Exception {
        Quota q = quota(Limits.parse("rpm=600"), 0); // 10 per second, burst of 5
        Admission a = admit(q, 0, CallControl.NONE, 1_000);
        q.onResponse(RateLimitSnapshot.parse(Headers.EMPTY, System.currentTimeMillis()), 429, true, 0, -1, a);
        assertThat(q.paceFactor()).isEqualTo(0.5);
        assertThat(paceChanges).containsExactly(0.5);
        Admission again = admit(q, 0, CallControl.NONE, 1_000);
        q.onResponse(RateLimitSnapshot.parse(Headers.EMPTY, System.currentTimeMillis()), 429, true, 0, -1, again);
        assertThat(q.paceFactor()).as("several 429s of one moment count once").isEqualTo(0.5);

        long start = System.nanoTime();
        for (int i = 0; i < 10; i++) {
            admitQuietly(q);
        }
        assertThat(millisSince(start)).as("5 per second now").isBetween(1_400L, 3_000L);

        Thread.sleep(1_100);
        Admission ok = admit(q, 0, CallControl.NONE, 1_000);
        q.onResponse(RateLimitSnapshot.parse(Headers.EMPTY, System.currentTimeMillis()), 200, false, 0, -1, ok);
        assertThat(q.paceFactor()).isGreaterThan(0.5).isLessThanOrEqualTo(1.0);
    }

    @Test
    void quotaAndBudget429sDoNotSlowThePace() throws Exception {
        Quota q = quota(Limits.parse("rpm=600"), 0);
        Admission a = admit(q, 0, CallControl.NONE, 1_000);
        q.onResponse(RateLimitSnapshot.parse(Headers.EMPTY, System.currentTimeMillis()), 429, false, 0, -1, a);
        assertThat(q.paceFactor()).isEqualTo(1.0);
    }

    @Test
    void refusesAtOnceWhenTheWaitExceedsTheMaximum() throws Exception {
        Quota q = quota(Limits.parse("rpm=60000"), 0);
        q.pauseFor(5_000);
        long start = System.nanoTime();
        Admission a = admit(q, 0, CallControl.NONE, 1_000);
        assertThat(millisSince(start)).isLessThan(200);
        assertThat(a.isRefused()).isTrue();
        assertThat(a.refusalWaitMillis()).isBetween(4_000L, 5_000L);
    }

    @Test
    void refusesWhenTheRequestsBucketIsTooFarBehind() throws Exception {
        Quota q = quota(Limits.parse("rpm=60"), 0); // one per second
        admitQuietly(q);
        Admission refused = admit(q, 0, CallControl.NONE, 100);
        assertThat(refused.isRefused()).isTrue();
        assertThat(refused.limitType()).isEqualTo("requests");
        assertThat(refused.refusalWaitMillis()).isBetween(500L, 1_000L);
    }

    @Test
    void cancellingWhileWaitingGivesTheReservationBack() throws Exception {
        Quota q = quota(Limits.parse("rpm=60"), 0);
        admitQuietly(q);
        AtomicBoolean canceled = new AtomicBoolean();
        CallControl control = new CallControl() {
            @Override
            public boolean isCanceled() {
                return canceled.get();
            }

            @Override
            public long remainingMillis() {
                return Long.MAX_VALUE;
            }
        };
        AtomicReference<Throwable> thrown = new AtomicReference<>();
        Thread t = new Thread(() -> {
            try {
                admit(q, 0, control, 10_000);
            } catch (Throwable e) {
                thrown.set(e);
            }
        });
        t.start();
        Thread.sleep(200);
        canceled.set(true);
        t.join(2_000);
        assertThat(thrown.get()).isInstanceOf(IOException.class).hasMessage("Canceled");
        // the cancelled reservation was returned: the next request waits ~0.8 s, not ~1.8 s
        long start = System.nanoTime();
        admitQuietly(q);
        assertThat(millisSince(start)).isLessThan(1_300);
    }

    @Test
    void tokensUsedBeyondTheEstimateAreChargedAfterwards() throws Exception {
        Quota q = quota(Limits.parse("tpm=6000"), 0); // 100 tokens per second
        Admission a = admit(q, 100, CallControl.NONE, 1_000);
        q.onResponse(RateLimitSnapshot.parse(Headers.EMPTY, System.currentTimeMillis()), 200, false, 0, 250, a);
        long start = System.nanoTime();
        admitQuietly(q, 100);
        assertThat(millisSince(start)).as("150 tokens of debt plus 100 more").isBetween(2_000L, 3_500L);
    }

    @Test
    void laterRequestsAreChargedAtTheProvidersCountOfPromptTokens() throws Exception {
        Quota q = quota(Limits.parse("tpm=600000"), 0);
        Admission first = admit(q, TokenEstimate.of(100, 20));
        assertThat(first.tokensCharged()).isEqualTo(120);
        q.calibrate(TokenEstimate.of(100, 20), 200); // the provider's tokenizer counts twice as many
        assertThat(q.tokenFactor()).isEqualTo(2.0);
        assertThat(admit(q, TokenEstimate.of(100, 20)).tokensCharged()).as("prompt doubled, output as it was").isEqualTo(220);
        q.calibrate(TokenEstimate.of(1000, 0), 250);
        q.calibrate(TokenEstimate.of(1000, 0), 250);
        q.calibrate(TokenEstimate.of(1000, 0), 250);
        assertThat(q.tokenFactor()).as("an over-estimate, within a few responses").isBetween(0.25, 0.35);
        assertThat(admit(q, TokenEstimate.of(1000, 0)).tokensCharged()).isBetween(250L, 350L);
    }

    @Test
    void aRequestWaitingWhileTheCalibrationMovesIsChargedAtTheNewCountWhenLetGo() throws Exception {
        Quota q = quota(Limits.parse("tpm=6000"), 0); // 100 tokens per second, bucket of 50
        admitQuietly(q, 50);
        AtomicReference<Admission> waited = new AtomicReference<>();
        Thread t = new Thread(() -> {
            try {
                waited.set(admit(q, TokenEstimate.of(100, 0)));
            } catch (IOException e) {
                throw new AssertionError(e);
            }
        });
        t.start();
        Thread.sleep(300); // reserved at 100 tokens, waiting for them
        q.calibrate(TokenEstimate.of(100, 0), 40);
        t.join(5_000);
        assertThat(waited.get().isGranted()).isTrue();
        assertThat(waited.get().tokensCharged()).isEqualTo(40);
    }

    @Test
    void whileInteractiveRequestsComeBackgroundOnesLetThemGoFirst() throws Exception {
        Quota q = quota(Limits.parse("rpm=120"), 0); // one request every 500 ms, a bucket of one
        List<String> granted = java.util.Collections.synchronizedList(new ArrayList<>());
        admitAs(q, true, "first", granted); // takes the bucket's one request; interactive requests now come
        Thread background = new Thread(() -> admitAs(q, false, "background", granted));
        background.start();
        Thread.sleep(100); // the background request is waiting, without a turn of its own
        Thread interactive = new Thread(() -> admitAs(q, true, "interactive", granted));
        interactive.start();
        background.join(5_000);
        interactive.join(5_000);
        assertThat(granted).containsExactly("first", "interactive", "background");
    }

    @Test
    void withoutInteractiveRequestsTheyGoFirstComeFirstServed() throws Exception {
        Quota q = quota(Limits.parse("rpm=120"), 0);
        List<String> granted = java.util.Collections.synchronizedList(new ArrayList<>());
        admitAs(q, false, "first", granted);
        Thread a = new Thread(() -> admitAs(q, false, "a", granted));
        a.start();
        Thread.sleep(100);
        Thread b = new Thread(() -> admitAs(q, false, "b", granted));
        b.start();
        a.join(5_000);
        b.join(5_000);
        assertThat(granted).containsExactly("first", "a", "b");
    }

    private Quota splitByTenant(Limits configured, Limits perTenant) {
        return new Quota(KEY, configured, ThrottleConfig.builder().headroomPercent(0).build(), new QuotaListener() {
            @Override
            public void limitsLearned(Quota q, Limits l, Limits e) {
            }

            @Override
            public void paceChanged(Quota q, double factor) {
            }
        }, LocalQuotaStore.INSTANCE, perTenant);
    }

    @Test
    void whileSeveralTenantsWaitOneThatHadMoreThanItsShareLetsTheOthersGoFirst() throws Exception {
        Quota q = splitByTenant(Limits.parse("rpm=120"), Limits.UNLIMITED); // one request every 500 ms
        List<String> granted = java.util.Collections.synchronizedList(new ArrayList<>());
        admitFor(q, "flooder", "a1", granted);
        Thread a2 = new Thread(() -> admitFor(q, "flooder", "a2", granted));
        a2.start();
        Thread.sleep(100);
        Thread b1 = new Thread(() -> admitFor(q, "trickler", "b1", granted));
        b1.start();
        a2.join(5_000);
        b1.join(5_000);
        assertThat(granted).containsExactly("a1", "b1", "a2");
    }

    @Test
    void aTenantAloneUsesTheWholeQuota() throws Exception {
        Quota q = splitByTenant(Limits.parse("rpm=600"), Limits.UNLIMITED); // one every 100 ms, a bucket of 5
        List<String> granted = java.util.Collections.synchronizedList(new ArrayList<>());
        long start = System.nanoTime();
        for (int i = 0; i < 10; i++) {
            admitFor(q, "only", "r" + i, granted);
        }
        assertThat(granted).hasSize(10);
        assertThat(millisSince(start)).as("5 at once, then one every 100 ms").isBetween(300L, 1_500L);
    }

    @Test
    void eachTenantIsHeldToItsOwnLimitsWithinTheQuota() throws Exception {
        Quota q = splitByTenant(Limits.parse("rpm=6000"), Limits.parse("rpm=60")); // a tenant: one a second, a bucket of 1
        List<String> granted = java.util.Collections.synchronizedList(new ArrayList<>());
        admitFor(q, "a", "a1", granted);
        long start = System.nanoTime();
        admitFor(q, "b", "b1", granted);
        assertThat(millisSince(start)).as("another tenant is not held back").isLessThan(300);
        admitFor(q, "a", "a2", granted);
        assertThat(millisSince(start)).as("the tenant's second request waits for its own limit").isBetween(700L, 2_000L);
        Admission refused = q.begin(TokenEstimate.NONE, 100, false, QuotaKey.fingerprint("a"));
        for (long wait = q.advance(refused, CallControl.NONE); wait > 0; wait = q.advance(refused, CallControl.NONE)) {
            Waiter.awaitNanos(wait, CallControl.NONE);
        }
        assertThat(refused.isRefused()).isTrue();
        assertThat(refused.refusalReason()).isEqualTo("its tenant's requests limit");
        refused.abandon();
        admitFor(q, "b", "b2", granted); // the refusal took nothing from the quota
        assertThat(granted).containsExactly("a1", "b1", "a2", "b2");
    }

    private static void admitFor(Quota q, String tenant, String name, List<String> granted) {
        admitAs(q, false, QuotaKey.fingerprint(tenant), name, granted);
    }

    private static void admitAs(Quota q, boolean interactive, String name, List<String> granted) {
        admitAs(q, interactive, null, name, granted);
    }

    private static void admitAs(Quota q, boolean interactive, String tenantHash, String name, List<String> granted) {
        try {
            Admission a = q.begin(TokenEstimate.NONE, 30_000, interactive, tenantHash);
            for (long wait = q.advance(a, CallControl.NONE); wait > 0; wait = q.advance(a, CallControl.NONE)) {
                Waiter.awaitNanos(wait, CallControl.NONE);
            }
            assertThat(a.isGranted()).isTrue();
            granted.add(name);
            a.release();
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void anthropicsInputAndOutputLimitsArePacedApart() throws Exception {
        Quota q = quota(Limits.UNLIMITED, 0);
        String reset = java.time.Instant.now().plusSeconds(60).toString();
        Admission first = admit(q, 0, CallControl.NONE, 1_000); // the probe
        q.onResponse(RateLimitSnapshot.parse(Headers.of(
                "anthropic-ratelimit-requests-limit", "1000", "anthropic-ratelimit-requests-remaining", "999",
                "anthropic-ratelimit-requests-reset", reset,
                "anthropic-ratelimit-tokens-limit", "66000", "anthropic-ratelimit-tokens-remaining", "66000",
                "anthropic-ratelimit-tokens-reset", reset,
                "anthropic-ratelimit-input-tokens-limit", "60000", "anthropic-ratelimit-input-tokens-remaining", "60000",
                "anthropic-ratelimit-input-tokens-reset", reset,
                "anthropic-ratelimit-output-tokens-limit", "6000", "anthropic-ratelimit-output-tokens-remaining", "6000",
                "anthropic-ratelimit-output-tokens-reset", reset), System.currentTimeMillis()), 200, false, 0, -1, first);
        first.release();
        assertThat(q.limits()).isEqualTo(Limits.parse("rpm=1000 tpm=60000 otpm=6000"));
        Admission a = admit(q, TokenEstimate.of(100, 50));
        assertThat(a.tokensCharged()).as("the input bucket: the prompt alone").isEqualTo(100);
        assertThat(a.outputReserved).as("the output bucket: max_tokens").isEqualTo(50);
    }

    @Test
    void aRequestWithNoPromptTextIsChargedOnlyItsOutputWhenOutputIsLimitedApart() throws Exception {
        Quota q = quota(Limits.parse("tpm=60000 otpm=6000"), 0);
        Admission a = admit(q, TokenEstimate.of(0, 50), CallControl.NONE);
        assertThat(a.tokensCharged()).as("nothing to charge the input bucket").isZero();
        assertThat(a.outputReserved).isEqualTo(50);
    }

    @Test
    void outputTokensLimitedApartAreCorrectedToWhatCameOut() throws Exception {
        Quota q = quota(Limits.parse("otpm=6000"), 0); // 100 output tokens a second, a bucket of 50
        Admission a = admit(q, TokenEstimate.of(0, 50), CallControl.NONE);
        q.onResponse(RateLimitSnapshot.parse(Headers.EMPTY, System.currentTimeMillis()), 200, false, 0, 12, 2, 10, a);
        long start = System.nanoTime();
        admit(q, TokenEstimate.of(0, 40), CallControl.NONE);
        assertThat(millisSince(start)).as("40 of the 50 reserved came back: no wait").isLessThan(250);
        long again = System.nanoTime();
        admit(q, TokenEstimate.of(0, 50), CallControl.NONE);
        assertThat(millisSince(again)).as("nothing came back this time: about half a second").isBetween(300L, 1_500L);
    }

    @Test
    void aRequestLargerThanTheBucketWaitsForAFullBucketAndLeavesDebt() throws Exception {
        Quota q = quota(Limits.parse("tpm=6000"), 0); // bucket of 100
        admitQuietly(q, 300);
        long start = System.nanoTime();
        admitQuietly(q, 100);
        assertThat(millisSince(start)).isBetween(2_500L, 4_000L);
    }

    @Test
    void boundsConcurrentRequests() throws Exception {
        Quota q = quota(Limits.parse("concurrency=2"), 0);
        Admission a = admit(q, 0, CallControl.NONE, 1_000);
        Admission b = admit(q, 0, CallControl.NONE, 1_000);
        Admission refused = admit(q, 0, CallControl.NONE, 100);
        assertThat(refused.isRefused()).isTrue();
        a.release();
        a.release(); // idempotent
        Admission c = admit(q, 0, CallControl.NONE, 100);
        assertThat(c.isRefused()).isFalse();
        Admission d = admit(q, 0, CallControl.NONE, 100);
        assertThat(d.isRefused()).isTrue();
        b.release();
        c.release();
    }

    /** The provider's side: a bucket of {@code capacity} refilled at {@code perSecond}, full at time 0. */
    private static final class ProviderWindow {
        private final double capacity;
        private final double perNano;
        private double level;
        private long last;

        ProviderWindow(double capacity, double perSecond) {
            this.capacity = capacity;
            this.perNano = perSecond / 1e9;
            this.level = capacity;
        }

        boolean admit(long atNanos) {
            level = Math.min(capacity, level + (atNanos - last) * perNano);
            last = atNanos;
            if (level < 1) {
                return false;
            }
            level -= 1;
            return true;
        }
    }

    /** Admits as the blocking retry loop does: parks between the quota's steps. */
    static Admission admit(Quota q, long cost, CallControl control, long maxWaitMillis) throws IOException {
        Admission a = q.begin(TokenEstimate.of(0, cost), Math.min(maxWaitMillis, control.remainingMillis()), false);
        try {
            for (long wait = q.advance(a, control); wait > 0; wait = q.advance(a, control)) {
                Waiter.awaitNanos(wait, control);
            }
        } catch (IOException | RuntimeException e) {
            a.abandon();
            throw e;
        }
        if (a.isRefused()) {
            a.abandon();
        }
        return a;
    }

    private static Admission admit(Quota q, TokenEstimate estimate, CallControl control) throws IOException {
        Admission a = q.begin(estimate, 30_000, false);
        for (long wait = q.advance(a, control); wait > 0; wait = q.advance(a, control)) {
            Waiter.awaitNanos(wait, control);
        }
        assertThat(a.isGranted()).isTrue();
        a.release();
        return a;
    }

    private static Admission admit(Quota q, TokenEstimate estimate) throws IOException {
        Admission a = q.begin(estimate, 30_000, false);
        for (long wait = q.advance(a, CallControl.NONE); wait > 0; wait = q.advance(a, CallControl.NONE)) {
            Waiter.awaitNanos(wait, CallControl.NONE);
        }
        a.release();
        return a;
    }

    private static void admitQuietly(Quota q) {
        admitQuietly(q, 0);
    }

    private static void admitQuietly(Quota q, long cost) {
        try {
            Admission a = admit(q, cost, CallControl.NONE, 30_000);
            assertThat(a.isRefused()).isFalse();
            a.release();
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }
}
