package dev.llmguard.core.resilience;

/**
 * Where a fleet shares its circuits: an opening one JVM saw holds for every JVM that shares its
 * quotas (through Redis), so the others answer locally at once instead of finding the outage
 * each after its own failed calls. Never throws: a store that cannot answer says "not open".
 */
public interface CircuitSharing {
    /** A JVM on its own: nothing is shared. */
    CircuitSharing NONE = new CircuitSharing() {
        @Override
        public void opened(String circuit, long millis) {
        }

        @Override
        public long openMillisLeft(String circuit) {
            return 0;
        }

        @Override
        public void closed(String circuit) {
        }
    };

    /** The circuit named {@code circuit} (host and model) opened here, for {@code millis}. */
    void opened(String circuit, long millis);

    /** How long the fleet's last opening of {@code circuit} still holds; 0 or less when it does not. */
    long openMillisLeft(String circuit);

    /** A probe here closed the circuit: the fleet's opening, if any, is over. */
    void closed(String circuit);
}
