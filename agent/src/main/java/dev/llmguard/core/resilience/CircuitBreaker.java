package dev.llmguard.core.resilience;

import java.util.concurrent.TimeUnit;

/**
 * The circuit of one host and model. It counts calls, not attempts: a failure is a call that ended
 * in a server error (5xx, 529) or a connection failure after the guard's retries, so a blip the
 * retries absorb never opens it. After {@code threshold} such calls in a row it opens: calls are
 * answered locally for the cooldown; then one probe call goes through (half-open) and its outcome
 * closes the circuit or opens it for another cooldown. A 429 says nothing about an outage, and any
 * other answer from the server (2xx-4xx) shows it is up.
 *
 * <p>Written here rather than taken from Failsafe or Resilience4j: the guard needs time passed in (tests
 * step it), the rest of the cooldown for Retry-After, observe mode (run the states, refuse nothing),
 * and a probe whose outcome never comes (a cancelled call) to expire rather than hold the circuit
 * half-open; that is this small class. Thread-safe.
 */
public final class CircuitBreaker {
    /** A probe whose outcome has not come after this long (at least) is presumed lost: another may go. */
    static final long MIN_PROBE_LEASE_NANOS = TimeUnit.SECONDS.toNanos(1);
    /** How often a closed circuit asks the fleet whether another JVM opened it (one Redis read per interval). */
    static final long SHARED_CHECK_NANOS = TimeUnit.MILLISECONDS.toNanos(250);

    private final String name;
    private final int threshold;
    private final long cooldownNanos;
    private final boolean observeOnly;
    private final CircuitListener listener;
    private final CircuitSharing sharing;

    private CircuitState state = CircuitState.CLOSED;
    private int failuresInRow;
    private long openedAtNanos;
    /** How long the current opening holds: the cooldown, or what was left of the fleet's when adopted. */
    private long openForNanos;
    private long nextSharedCheckNanos;
    private boolean sharedCheckDue = true;
    private boolean probeOut;
    private long probeSentAtNanos;

    /** @param name host and model, as the log names the circuit */
    public CircuitBreaker(String name, int threshold, long cooldownMillis, boolean observeOnly, CircuitListener listener) {
        this(name, threshold, cooldownMillis, observeOnly, listener, CircuitSharing.NONE);
    }

    /** @param sharing where the fleet's openings are told and read */
    public CircuitBreaker(String name, int threshold, long cooldownMillis, boolean observeOnly, CircuitListener listener,
                          CircuitSharing sharing) {
        this.name = name;
        this.threshold = Math.max(1, threshold);
        this.cooldownNanos = TimeUnit.MILLISECONDS.toNanos(cooldownMillis);
        this.openForNanos = cooldownNanos;
        this.observeOnly = observeOnly;
        this.listener = listener;
        this.sharing = sharing;
    }

    public String name() {
        return name;
    }

    public long cooldownMillis() {
        return TimeUnit.NANOSECONDS.toMillis(cooldownNanos);
    }

    /** How long the current (or last) opening holds: the cooldown, or what was left of another JVM's. */
    public synchronized long openMillis() {
        return TimeUnit.NANOSECONDS.toMillis(openForNanos);
    }

    /** Observe mode: the states change as they would, but no call is refused. */
    public boolean observeOnly() {
        return observeOnly;
    }

    public synchronized CircuitState state() {
        return state;
    }

    /** Whether a new call may go out; an open circuit past its cooldown turns half-open and lets this one probe. */
    public CircuitPermit tryAcquire(long nowNanos) {
        CircuitPermit permit;
        boolean halfOpened = false;
        boolean checkShared;
        synchronized (this) {
            checkShared = state == CircuitState.CLOSED && (sharedCheckDue || nowNanos - nextSharedCheckNanos >= 0);
            if (checkShared) {
                sharedCheckDue = false;
                nextSharedCheckNanos = nowNanos + SHARED_CHECK_NANOS;
            }
        }
        if (checkShared && adoptSharedOpening(nowNanos)) {
            return tryAcquire(nowNanos);
        }
        synchronized (this) {
            if (state == CircuitState.CLOSED) {
                return CircuitPermit.CALL;
            }
            if (state == CircuitState.OPEN && nowNanos - openedAtNanos >= openForNanos) {
                state = CircuitState.HALF_OPEN;
                halfOpened = true;
            }
            if (state == CircuitState.HALF_OPEN && (!probeOut || nowNanos - probeSentAtNanos >= probeLeaseNanos())) {
                probeOut = true;
                probeSentAtNanos = nowNanos;
                permit = CircuitPermit.PROBE;
            } else if (state == CircuitState.HALF_OPEN) {
                // the probe is deciding; soon is the honest answer
                permit = CircuitPermit.refused(1000);
            } else {
                permit = CircuitPermit.refused(TimeUnit.NANOSECONDS.toMillis(openForNanos - (nowNanos - openedAtNanos)));
            }
        }
        if (halfOpened) {
            listener.circuitChanged(this, CircuitState.OPEN, CircuitState.HALF_OPEN, "the cooldown of " + cooldownMillis() + " ms has passed");
        }
        return permit;
    }

    /** Another JVM of the fleet opened this circuit: it opens here for what is left of that opening. */
    private boolean adoptSharedOpening(long nowNanos) {
        long left = sharing.openMillisLeft(name);
        if (left <= 0) {
            return false;
        }
        synchronized (this) {
            if (state != CircuitState.CLOSED) {
                return false;
            }
            state = CircuitState.OPEN;
            openedAtNanos = nowNanos;
            openForNanos = Math.min(cooldownNanos, TimeUnit.MILLISECONDS.toNanos(left));
            failuresInRow = 0;
            probeOut = false;
        }
        listener.circuitChanged(this, CircuitState.CLOSED, CircuitState.OPEN, "another JVM of the fleet opened it (shared through Redis)");
        return true;
    }

    /** Whether a call let through earlier may retry now: not once the circuit has left the closed state. */
    public synchronized boolean allowsRetries() {
        return state == CircuitState.CLOSED;
    }

    /** The server answered the call (2xx to 4xx but 429): it is up. */
    public void succeeded(CircuitPermit permit, int status) {
        CircuitState from;
        synchronized (this) {
            failuresInRow = 0;
            if (!permit.isProbe() || state != CircuitState.HALF_OPEN) {
                return;
            }
            from = state;
            state = CircuitState.CLOSED;
            probeOut = false;
        }
        sharing.closed(name);
        listener.circuitChanged(this, from, CircuitState.CLOSED, "the probe got " + status);
    }

    /** The call ended in a server error or connection failure; {@code what} is log-safe ("503", "SocketException"). */
    public void failed(CircuitPermit permit, String what, long nowNanos) {
        CircuitState from;
        String why;
        synchronized (this) {
            if (state == CircuitState.HALF_OPEN && permit.isProbe()) {
                why = "the probe failed (" + what + ")";
            } else if (state == CircuitState.CLOSED && ++failuresInRow >= threshold) {
                why = failuresInRow + " calls in a row failed (last: " + what + ")";
            } else {
                return; // calls let through before the circuit opened say nothing new
            }
            from = state;
            state = CircuitState.OPEN;
            openedAtNanos = nowNanos;
            openForNanos = cooldownNanos;
            failuresInRow = 0;
            probeOut = false;
        }
        sharing.opened(name, cooldownMillis());
        listener.circuitChanged(this, from, CircuitState.OPEN, why);
    }

    /** The call ended saying nothing about the server (a 429, cancelled, refused locally): a probe's place is freed. */
    public synchronized void abandoned(CircuitPermit permit) {
        if (permit.isProbe() && state == CircuitState.HALF_OPEN) {
            probeOut = false;
        }
    }

    private long probeLeaseNanos() {
        return Math.max(MIN_PROBE_LEASE_NANOS, cooldownNanos);
    }

    @Override
    public String toString() {
        return "circuit " + name;
    }
}
