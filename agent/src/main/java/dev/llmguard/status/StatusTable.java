package dev.llmguard.status;

import java.util.ArrayList;
import java.util.List;

/** The status command's table: one row per quota, columns as wide as their widest cell. */
final class StatusTable {
    private static final String[] HEADER = {"HOST", "KEY", "MODEL", "LIMITS (rpm/tpm/rpd)", "REMAINING (req/tok)",
            "REQUESTS", "OK", "429s", "RETRIES", "WAITS (n/total/max)", "REFUSED", "TODAY (req/rpd)"};

    private StatusTable() {
    }

    static String render(List<QuotaRow> rows) {
        List<String[]> cells = new ArrayList<String[]>();
        cells.add(HEADER);
        for (QuotaRow r : rows) {
            cells.add(new String[] {r.text("Host"), r.text("KeyFingerprint"), r.text("Model"),
                    limit(r.number("RequestsPerMinuteLimit")) + "/" + limit(r.number("TokensPerMinuteLimit")) + "/"
                            + limit(r.number("RequestsPerDayLimit")),
                    limit(r.number("RemainingRequests")) + "/" + limit(r.number("RemainingTokens")),
                    r.text("RequestsSent"), r.text("Successes"), r.text("RateLimited"), r.text("Retries"),
                    r.text("Waits") + "/" + millis(r.number("WaitMillisTotal")) + "/" + millis(r.number("WaitMillisMax")),
                    r.text("LocalRefusals"), r.text("RequestsToday") + "/" + limit(r.number("RequestsPerDayLimit"))});
        }
        int[] widths = new int[HEADER.length];
        for (String[] row : cells) {
            for (int i = 0; i < row.length; i++) {
                widths[i] = Math.max(widths[i], row[i].length());
            }
        }
        StringBuilder sb = new StringBuilder();
        for (String[] row : cells) {
            for (int i = 0; i < row.length; i++) {
                sb.append(row[i]);
                for (int pad = row[i].length(); i < row.length - 1 && pad < widths[i] + 2; pad++) {
                    sb.append(' ');
                }
            }
            sb.append('\n');
        }
        return sb.toString();
    }

    private static String limit(long v) {
        return v < 0 ? "-" : Long.toString(v);
    }

    private static String millis(long ms) {
        return ms < 1000 ? ms + "ms" : String.format(java.util.Locale.ROOT, "%.1fs", ms / 1000.0);
    }
}
