package dev.llmguard.log;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;

/**
 * {@code llmguard.log.format=text}: {@code 2026-01-31 12:00:00.000Z [thread] LEVEL llm-guard - message},
 * the time in UTC: the JVM's own zone would cost the agent's start-up 100 ms (the first look-up of
 * the default zone reads the JDK's whole time-zone database).
 */
final class TextLine {
    private TextLine() {
    }

    static String line(String level, String logger, String message) {
        StringBuilder b = new StringBuilder(48 + message.length());
        timestamp(b, LocalDateTime.ofInstant(Instant.now(), ZoneOffset.UTC));
        return b.append("Z [").append(Thread.currentThread().getName()).append("] ")
                .append(level).append(' ').append(logger).append(" - ").append(message).toString();
    }

    /** {@code yyyy-MM-dd HH:mm:ss.SSS}, from the time's fields: a pattern formatter would load locale data first. */
    static void timestamp(StringBuilder b, LocalDateTime t) {
        b.append(t.getYear()).append('-');
        two(b, t.getMonthValue()).append('-');
        two(b, t.getDayOfMonth()).append(' ');
        two(b, t.getHour()).append(':');
        two(b, t.getMinute()).append(':');
        two(b, t.getSecond()).append('.');
        int millis = t.getNano() / 1_000_000;
        b.append((char) ('0' + millis / 100)).append((char) ('0' + millis / 10 % 10)).append((char) ('0' + millis % 10));
    }

    private static StringBuilder two(StringBuilder b, int value) {
        return b.append((char) ('0' + value / 10)).append((char) ('0' + value % 10));
    }
}
