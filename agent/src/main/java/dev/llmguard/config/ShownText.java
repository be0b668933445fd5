package dev.llmguard.config;

/**
 * How text the user wrote (a value, a key name, an agent argument) appears in a one-line problem
 * message: a stray newline must not split the line, and a long value must not flood the log.
 */
final class ShownText {

    /** Values in messages are cut to this many characters. */
    static final int MAX_CHARS = 60;

    private ShownText() {
    }

    /** The text with control characters escaped, cut to {@link #MAX_CHARS} characters. */
    static String of(String text) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '\n') {
                sb.append("\\n");
            } else if (c == '\r') {
                sb.append("\\r");
            } else if (c == '\t') {
                sb.append("\\t");
            } else if (Character.isISOControl(c)) {
                sb.append('?');
            } else {
                sb.append(c);
            }
        }
        if (sb.length() > MAX_CHARS) {
            return sb.substring(0, MAX_CHARS - 3) + "...";
        }
        return sb.toString();
    }
}
