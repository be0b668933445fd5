package dev.llmguard.config;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A size in bytes from 0 to a maximum: plain bytes, or a whole number of kb or mb (1024-based). */
final class SizeParser implements ValueParser<Integer> {
    private static final Pattern SIZE = Pattern.compile("([0-9]{1,15})\\s*(b|kb|mb)?", Pattern.CASE_INSENSITIVE);

    private final int maxBytes;

    SizeParser(int maxBytes) {
        this.maxBytes = maxBytes;
    }

    @Override
    public String expectedForm() {
        return "a size in bytes, or with kb or mb such as 64kb or 1mb, at most " + formatBytes(maxBytes);
    }

    @Override
    public Integer parse(String text) throws InvalidValueException {
        Matcher m = SIZE.matcher(text);
        if (!m.matches()) {
            throw new InvalidValueException();
        }
        long n = Long.parseLong(m.group(1));
        String unit = m.group(2) == null ? "b" : m.group(2).toLowerCase(Locale.ROOT);
        long factor = unit.equals("mb") ? 1 << 20 : unit.equals("kb") ? 1 << 10 : 1;
        if (n > maxBytes / factor) { // divided, not multiplied: 15 digits times 1mb would overflow
            throw new InvalidValueException();
        }
        return (int) (n * factor);
    }

    @Override
    public String format(Integer value) {
        return formatBytes(value);
    }

    /** The largest whole unit: 1mb, 64kb, 1500. */
    static String formatBytes(long bytes) {
        if (bytes != 0 && bytes % (1 << 20) == 0) {
            return bytes / (1 << 20) + "mb";
        }
        if (bytes != 0 && bytes % (1 << 10) == 0) {
            return bytes / (1 << 10) + "kb";
        }
        return Long.toString(bytes);
    }
}
