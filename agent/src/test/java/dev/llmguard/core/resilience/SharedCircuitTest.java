package dev.llmguard.core.resilience;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Two JVMs' circuits for the same host and model, sharing their openings as they would through Redis. */
class SharedCircuitTest {
    private static final long MS = TimeUnit.MILLISECONDS.toNanos(1);
    private static final String NAME = "api.openai.com model=gpt-4o";

    /** The fleet's store, on the test's clock (millis). */
    private final Map<String, Long> openUntil = new HashMap<>();
    private final List<String> reads = new ArrayList<>();
    private long nowMillis;
    private final CircuitSharing fleet = new CircuitSharing() {
        @Override
        public void opened(String circuit, long millis) {
            openUntil.put(circuit, nowMillis + millis);
        }

        @Override
        public long openMillisLeft(String circuit) {
            reads.add(circuit);
            Long until = openUntil.get(circuit);
            return until == null ? 0 : until - nowMillis;
        }

        @Override
        public void closed(String circuit) {
            openUntil.remove(circuit);
        }
    };
    private final List<String> changesOfB = new ArrayList<>();
    private final CircuitBreaker a = new CircuitBreaker(NAME, 3, 5_000, false, (c, from, to, why) -> { }, fleet);
    private final CircuitBreaker b = new CircuitBreaker(NAME, 3, 5_000, false,
            (c, from, to, why) -> changesOfB.add(from + "->" + to + ": " + why + " for " + c.openMillis() + " ms"), fleet);

    private CircuitPermit acquire(CircuitBreaker circuit, long millis) {
        nowMillis = millis;
        return circuit.tryAcquire(millis * MS);
    }

    @Test
    void anOpeningInOneJvmRefusesTheOthersCallsForWhatIsLeftOfItsCooldown() {
        for (int i = 0; i < 3; i++) {
            a.failed(acquire(a, 0), "503", 0);
        }
        assertThat(a.state()).isEqualTo(CircuitState.OPEN);

        CircuitPermit permit = acquire(b, 2_000);
        assertThat(permit.isRefused()).as("b never saw a failure, yet the fleet's circuit is open").isTrue();
        assertThat(permit.retryAfterMillis()).isEqualTo(3_000);
        assertThat(changesOfB).containsExactly("CLOSED->OPEN: another JVM of the fleet opened it (shared through Redis) for 3000 ms");

        CircuitPermit probe = acquire(b, 5_000);
        assertThat(probe.isProbe()).as("b probes when the fleet's opening ends").isTrue();
        b.succeeded(probe, 200);
        assertThat(openUntil).as("its probe's success closes the fleet's circuit").isEmpty();
        assertThat(acquire(b, 5_300).isRefused()).isFalse();
    }

    @Test
    void aClosedCircuitAsksTheFleetAtMostEvery250Ms() {
        acquire(b, 0);
        acquire(b, 100);
        acquire(b, 200);
        acquire(b, 260);
        acquire(b, 300);
        assertThat(reads).hasSize(2);
    }
}
