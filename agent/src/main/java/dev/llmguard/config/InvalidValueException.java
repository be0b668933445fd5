package dev.llmguard.config;

/**
 * A setting's text is not in the expected form. The optional detail names the offending part
 * (e.g. one entry of a list); it is left out of messages about secret keys.
 */
final class InvalidValueException extends Exception {
    private static final long serialVersionUID = 1L;

    private final String detail;

    InvalidValueException() {
        this(null);
    }

    InvalidValueException(String detail) {
        super(detail, null, false, false);
        this.detail = detail;
    }

    /** "expected " + the form, with the detail in parentheses unless the value is secret. */
    String reason(String expectedForm, boolean secret) {
        if (detail == null || secret) {
            return "expected " + expectedForm;
        }
        return "expected " + expectedForm + " (" + detail + ")";
    }
}
