package dev.llmguard.config;

/** One set of limits, {@code rpm=500 tpm=30000 rpd=10000 concurrency=8} (see {@link Limits#parse}). */
final class LimitsParser implements ValueParser<Limits> {

    @Override
    public String expectedForm() {
        return "limits such as rpm=500 tpm=30000 rpd=10000 concurrency=8 (otpm=8000: output tokens apart, tpm then input only)";
    }

    @Override
    public Limits parse(String text) throws InvalidValueException {
        try {
            return Limits.parse(text);
        } catch (IllegalArgumentException e) {
            throw new InvalidValueException(e.getMessage());
        }
    }

    @Override
    public String format(Limits value) {
        return value.isUnlimited() ? "(none)" : value.toString();
    }
}
