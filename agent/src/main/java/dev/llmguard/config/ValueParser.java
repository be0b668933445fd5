package dev.llmguard.config;

/**
 * Turns the text of one setting into a typed value, and a typed value back into text.
 * One implementation per kind of value (durations, sizes, lists, limits...); each key in
 * {@link ConfigKeys} names one.
 */
interface ValueParser<T> {

    /** The accepted form in words, e.g. "a whole number from 1 to 100"; used in messages and docs. */
    String expectedForm();

    /** Parses and validates {@code text} (already trimmed); never returns null. */
    T parse(String text) throws InvalidValueException;

    /** The value as text in a form {@link #parse} accepts (used for defaults and the debug dump). */
    String format(T value);
}
