package dev.llmguard.config;

import java.util.Locale;

/** Values that are one word out of a fixed set: switches and enum settings. */
final class ChoiceParsers {

    private ChoiceParsers() {
    }

    /** true/false, yes/no, on/off, 1/0, any case. */
    static ValueParser<Boolean> bool() {
        return new ValueParser<Boolean>() {
            @Override
            public String expectedForm() {
                return "true or false";
            }

            @Override
            public Boolean parse(String text) throws InvalidValueException {
                String t = text.toLowerCase(Locale.ROOT);
                if (t.equals("true") || t.equals("yes") || t.equals("on") || t.equals("1")) {
                    return Boolean.TRUE;
                }
                if (t.equals("false") || t.equals("no") || t.equals("off") || t.equals("0")) {
                    return Boolean.FALSE;
                }
                throw new InvalidValueException();
            }

            @Override
            public String format(Boolean value) {
                return value.toString();
            }
        };
    }

    /** One of the enum's constants, written in lower case (any case accepted). */
    static <E extends Enum<E>> ValueParser<E> lowerCaseEnum(final Class<E> type) {
        final E[] constants = type.getEnumConstants();
        final StringBuilder names = new StringBuilder();
        for (int i = 0; i < constants.length; i++) {
            names.append(i == 0 ? "" : ", ").append(constants[i].name().toLowerCase(Locale.ROOT));
        }
        return new ValueParser<E>() {
            @Override
            public String expectedForm() {
                return "one of " + names;
            }

            @Override
            public E parse(String text) throws InvalidValueException {
                for (E e : constants) {
                    if (e.name().equalsIgnoreCase(text)) {
                        return e;
                    }
                }
                throw new InvalidValueException();
            }

            @Override
            public String format(E value) {
                return value.name().toLowerCase(Locale.ROOT);
            }
        };
    }
}
