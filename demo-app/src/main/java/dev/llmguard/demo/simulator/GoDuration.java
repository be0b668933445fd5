package dev.llmguard.demo.simulator;

/** Formats durations the way Go's {@code time.Duration.String()} does, rounded up to whole milliseconds. */
final class GoDuration {

    private GoDuration() {
    }

    /**
     * {@code 0s}, {@code 20ms}, {@code 1s}, {@code 1.5s}, {@code 6m0s}, {@code 1m1.5s}, {@code 4h43m36.314s}.
     * Any positive amount below one millisecond is shown as {@code 1ms}.
     */
    static String format(long nanos) {
        if (nanos <= 0) {
            return "0s";
        }
        long ms = ceilMillis(nanos);
        if (ms < 1000) {
            return ms + "ms";
        }
        long hours = ms / 3_600_000;
        long minutes = (ms % 3_600_000) / 60_000;
        long secondsMs = ms % 60_000;
        StringBuilder sb = new StringBuilder();
        if (hours > 0) {
            sb.append(hours).append('h');
        }
        if (hours > 0 || minutes > 0) {
            sb.append(minutes).append('m');
        }
        sb.append(secondsMs / 1000);
        long fraction = secondsMs % 1000;
        if (fraction != 0) {
            String digits = String.format("%03d", fraction);
            int end = digits.length();
            while (digits.charAt(end - 1) == '0') {
                end--;
            }
            sb.append('.').append(digits, 0, end);
        }
        return sb.append('s').toString();
    }

    static long ceilMillis(long nanos) {
        return nanos <= 0 ? 0 : (nanos + 999_999) / 1_000_000;
    }
}
