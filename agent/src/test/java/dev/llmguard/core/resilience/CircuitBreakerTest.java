package dev.llmguard.core.resilience;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The circuit's states on a stepped clock, and the one line per change. */
class CircuitBreakerTest {
    private static final long MS = TimeUnit.MILLISECONDS.toNanos(1);
    private final List<String> changes = new ArrayList<>();
    private final CircuitBreaker circuit = new CircuitBreaker("api.openai.com model=gpt-4o", 3, 5_000, false,
            (c, from, to, why) -> changes.add(from + "->" + to + ": " + why));

    private void fail(int calls, long now) {
        for (int i = 0; i < calls; i++) {
            circuit.failed(circuit.tryAcquire(now), "503", now);
        }
    }

    @Test
    void opensAfterThresholdFailedCallsInARow() {
        fail(2, 0);
        assertThat(circuit.state()).isEqualTo(CircuitState.CLOSED);
        fail(1, 0);
        assertThat(circuit.state()).isEqualTo(CircuitState.OPEN);
        assertThat(changes).containsExactly("CLOSED->OPEN: 3 calls in a row failed (last: 503)");
    }

    @Test
    void anAnswerFromTheServerBreaksTheRow() {
        fail(2, 0);
        circuit.succeeded(circuit.tryAcquire(0), 400);
        fail(2, 0);
        assertThat(circuit.state()).isEqualTo(CircuitState.CLOSED);
    }

    @Test
    void a429NeitherFailsNorBreaksTheRow() {
        fail(2, 0);
        circuit.abandoned(circuit.tryAcquire(0));
        fail(1, 0);
        assertThat(circuit.state()).isEqualTo(CircuitState.OPEN);
    }

    @Test
    void refusesWithTheRestOfTheCooldownWhileOpen() {
        fail(3, 0);
        CircuitPermit permit = circuit.tryAcquire(1_500 * MS);
        assertThat(permit.isRefused()).isTrue();
        assertThat(permit.retryAfterMillis()).isEqualTo(3_500);
        assertThat(circuit.allowsRetries()).isFalse();
    }

    @Test
    void letsOneProbeThroughAfterTheCooldownAndClosesOnItsSuccess() {
        fail(3, 0);
        CircuitPermit probe = circuit.tryAcquire(5_000 * MS);
        assertThat(probe.isProbe()).isTrue();
        assertThat(circuit.tryAcquire(5_001 * MS).isRefused()).as("one probe at a time").isTrue();
        circuit.succeeded(probe, 200);
        assertThat(circuit.tryAcquire(5_002 * MS)).isSameAs(CircuitPermit.CALL);
        assertThat(changes).containsExactly("CLOSED->OPEN: 3 calls in a row failed (last: 503)",
                "OPEN->HALF_OPEN: the cooldown of 5000 ms has passed", "HALF_OPEN->CLOSED: the probe got 200");
    }

    @Test
    void aFailedProbeOpensTheCircuitForAnotherCooldown() {
        fail(3, 0);
        CircuitPermit probe = circuit.tryAcquire(6_000 * MS);
        circuit.failed(probe, "SocketException", 6_000 * MS);
        assertThat(circuit.state()).isEqualTo(CircuitState.OPEN);
        assertThat(circuit.tryAcquire(10_999 * MS).retryAfterMillis()).isEqualTo(1);
        assertThat(circuit.tryAcquire(11_000 * MS).isProbe()).isTrue();
        assertThat(changes.get(2)).isEqualTo("HALF_OPEN->OPEN: the probe failed (SocketException)");
    }

    @Test
    void failuresOfCallsLetThroughBeforeItOpenedChangeNothing() {
        CircuitPermit early = circuit.tryAcquire(0);
        fail(3, 0);
        circuit.failed(early, "503", 4_000 * MS);
        assertThat(circuit.tryAcquire(5_000 * MS).isProbe()).as("the cooldown still counts from the opening").isTrue();
        assertThat(changes).hasSize(2);
    }

    @Test
    void aProbeThatSaysNothingFreesItsPlace() {
        fail(3, 0);
        circuit.abandoned(circuit.tryAcquire(5_000 * MS));
        assertThat(circuit.tryAcquire(5_001 * MS).isProbe()).isTrue();
    }

    @Test
    void aProbeWhoseOutcomeNeverComesIsReplacedAfterACooldown() {
        fail(3, 0);
        assertThat(circuit.tryAcquire(5_000 * MS).isProbe()).isTrue();
        assertThat(circuit.tryAcquire(9_999 * MS).isRefused()).isTrue();
        assertThat(circuit.tryAcquire(10_000 * MS).isProbe()).isTrue();
    }
}
