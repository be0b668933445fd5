package dev.llmguard.config;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A duration in milliseconds, from 0 to a maximum: a number with a unit (ms, s, m, h; decimals
 * allowed, e.g. 1.5s) or ISO-8601 (PT2S). A bare number is rejected: its unit would be a guess.
 */
final class DurationParser implements ValueParser<Long> {
    private static final Pattern DURATION = Pattern.compile("([0-9]{1,15}(?:\\.[0-9]{1,9})?)\\s*(ms|s|m|h)",
            Pattern.CASE_INSENSITIVE);

    private final long maxMillis;

    DurationParser(long maxMillis) {
        this.maxMillis = maxMillis;
    }

    @Override
    public String expectedForm() {
        return "a duration such as 500ms, 2s or 1m, at most " + formatMillis(maxMillis);
    }

    @Override
    public Long parse(String text) throws InvalidValueException {
        // exact decimal arithmetic: "1.0000001s" must be rejected, not rounded into a whole millisecond
        BigDecimal millis;
        if (text.length() > 1 && (text.charAt(0) == 'P' || text.charAt(0) == 'p')) {
            millis = isoMillis(text);
        } else {
            Matcher m = DURATION.matcher(text);
            if (!m.matches()) {
                throw new InvalidValueException();
            }
            millis = new BigDecimal(m.group(1)).multiply(BigDecimal.valueOf(unitMillis(m.group(2))));
        }
        if (millis.signum() < 0 || millis.compareTo(BigDecimal.valueOf(maxMillis)) > 0) {
            throw new InvalidValueException();
        }
        if (millis.stripTrailingZeros().scale() > 0) {
            throw new InvalidValueException("no fractions of a millisecond");
        }
        return millis.longValue();
    }

    @Override
    public String format(Long value) {
        return formatMillis(value);
    }

    private static BigDecimal isoMillis(String text) throws InvalidValueException {
        try {
            Duration d = Duration.parse(text);
            return BigDecimal.valueOf(d.getSeconds()).multiply(BigDecimal.valueOf(1000))
                    .add(BigDecimal.valueOf(d.getNano()).movePointLeft(6));
        } catch (DateTimeParseException e) {
            throw new InvalidValueException();
        } catch (ArithmeticException e) {
            throw new InvalidValueException();
        }
    }

    private static long unitMillis(String unit) {
        String u = unit.toLowerCase(Locale.ROOT);
        if (u.equals("ms")) {
            return 1;
        }
        if (u.equals("s")) {
            return 1000;
        }
        if (u.equals("m")) {
            return 60_000;
        }
        return 3_600_000;
    }

    /** The largest whole unit: 500ms, 2s, 1m, 1h, 1500ms. */
    static String formatMillis(long millis) {
        if (millis != 0 && millis % 3_600_000 == 0) {
            return millis / 3_600_000 + "h";
        }
        if (millis != 0 && millis % 60_000 == 0) {
            return millis / 60_000 + "m";
        }
        if (millis != 0 && millis % 1000 == 0) {
            return millis / 1000 + "s";
        }
        return millis + "ms";
    }
}
