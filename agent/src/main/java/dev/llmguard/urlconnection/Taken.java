package dev.llmguard.urlconnection;

/**
 * What the hook's entry returns for a method the guard answers: the value the method returns
 * instead of running (null included, which the advice could not tell from "run it").
 */
final class Taken {
    static final Taken VOID = new Taken(null);

    final Object value;

    private Taken(Object value) {
        this.value = value;
    }

    static Taken of(Object value) {
        return value == null ? new Taken(null) : new Taken(value);
    }

    /** The advice's exit: the guard's value when it answered, else the method's own. */
    static Object returned(Object taken, Object returned) {
        return taken instanceof Taken ? ((Taken) taken).value : returned;
    }
}
