package dev.llmguard.config;

/** A whole number from {@code min} to {@code max}, both included (counts, percentages). */
final class WholeNumberParser implements ValueParser<Integer> {
    private final int min;
    private final int max;

    WholeNumberParser(int min, int max) {
        this.min = min;
        this.max = max;
    }

    @Override
    public String expectedForm() {
        return "a whole number from " + min + " to " + max;
    }

    @Override
    public Integer parse(String text) throws InvalidValueException {
        // at most 18 digits: any such number fits a long, so the range check below cannot overflow
        if (!text.matches("[+-]?[0-9]{1,18}")) {
            throw new InvalidValueException();
        }
        long v = Long.parseLong(text);
        if (v < min || v > max) {
            throw new InvalidValueException();
        }
        return (int) v;
    }

    @Override
    public String format(Integer value) {
        return value.toString();
    }
}
