package dev.llmguard.it.bench;

import dev.llmguard.demo.simulator.SimulatorStats;
import dev.llmguard.it.bench.ThrottleRunner.Configuration;
import dev.llmguard.it.bench.ThrottleRunner.Result;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/** The benchmark's figures as a markdown table and as an SVG chart (hand-written, no library). */
final class ThrottleReport {
    private static final long BIN_MILLIS = 500;
    private static final Map<Configuration, String> COLOURS = Map.of(
            Configuration.NO_AGENT, "#d62728", Configuration.ZERO_CONFIG, "#1f77b4", Configuration.CONFIGURED, "#2ca02c");

    private ThrottleReport() {
    }

    static String markdown(List<Result> results, String setup) {
        StringBuilder sb = new StringBuilder();
        sb.append(setup).append("\n\n");
        sb.append("| scenario | server | client | configuration | calls | succeeded | 429s / server requests | goodput | p50 | p99 |\n");
        sb.append("|---|---|---|---|--:|--:|--:|--:|--:|--:|\n");
        for (Result r : results) {
            sb.append(String.format(Locale.ROOT, "| %s | %s | %s | %s | %d | %s | %s (%d/%d) | %.1f %% | %s | %s |%n",
                    r.scenario().name(), r.scenario().serverText(), r.client().label, r.configuration().label, r.calls(),
                    percent(r.succeededPercent()), percent(r.server429Percent()), r.server429s(), r.serverRequests(),
                    r.goodputPercent(), seconds(r.p50Ms()), seconds(r.p99Ms())));
        }
        List<Result> zero = results.stream().filter(r -> r.configuration() == Configuration.ZERO_CONFIG).collect(Collectors.toList());
        if (!zero.isEmpty()) {
            long met = zero.stream().filter(Result::meetsTargets).count();
            sb.append(String.format(Locale.ROOT, "%nTargets at zero configuration (100 %% succeeded, <= 1 %% 429s, goodput >= 97 %%): "
                    + "met in %d of %d runs.%n", met, zero.size()));
            for (Result r : zero) {
                if (!r.meetsTargets()) {
                    sb.append("- missed: ").append(r.scenario().name()).append(", ").append(r.scenario().serverText())
                            .append(", ").append(r.client().label).append('\n');
                }
            }
        }
        Map<String, Long> failures = new LinkedHashMap<>();
        for (Result r : results) {
            r.causes().forEach((cause, n) -> failures.merge(r.client().label + ", " + r.configuration().label + ": " + cause, n, Long::sum));
        }
        if (!failures.isEmpty()) {
            sb.append("\nWhy calls failed (all scenarios):\n");
            failures.forEach((k, n) -> sb.append("- ").append(k).append(": ").append(n).append('\n'));
        }
        return sb.toString();
    }

    private static String percent(double p) {
        if (p == 100.0 || p == 0.0) {
            return String.format(Locale.ROOT, "%.0f %%", p);
        }
        return String.format(Locale.ROOT, p < 1 ? "%.2f %%" : "%.1f %%", p);
    }

    private static String seconds(long millis) {
        return millis < 1000 ? millis + " ms" : String.format(Locale.ROOT, "%.1f s", millis / 1000.0);
    }

    /**
     * One panel per scenario and client (rows: scenario and server; columns: client); in each, one
     * colour per configuration: solid, requests answered 200 per second; dashed, 429s per second; grey,
     * the sustainable rate. The y axis is log(1 + rate), so 20 and 2,000 per second both show.
     */
    static String svg(List<Result> results) {
        Map<String, List<Result>> rows = new LinkedHashMap<>();
        List<String> columns = new ArrayList<>();
        for (Result r : results) {
            rows.computeIfAbsent(r.scenario().name() + ", " + r.scenario().serverText(), k -> new ArrayList<>()).add(r);
            if (!columns.contains(r.client().label)) {
                columns.add(r.client().label);
            }
        }
        double maxRate = 10;
        long maxMillis = 1000;
        for (Result r : results) {
            for (double[] p : series(r)) {
                maxRate = Math.max(maxRate, Math.max(p[1], p[2]));
                maxMillis = Math.max(maxMillis, (long) p[0] + BIN_MILLIS);
            }
        }
        int pw = 300;
        int ph = 170;
        int left = 50;
        int top = 60;
        int gapX = 30;
        int gapY = 55;
        int width = left + columns.size() * (pw + gapX) + 10;
        int height = top + rows.size() * (ph + gapY) + 10;
        StringBuilder s = new StringBuilder();
        s.append(String.format(Locale.ROOT, "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" "
                + "font-family=\"sans-serif\" font-size=\"11\">%n", width, height));
        s.append("<rect width=\"100%\" height=\"100%\" fill=\"white\"/>\n");
        s.append("<text x=\"10\" y=\"18\" font-size=\"14\" font-weight=\"bold\">llm-guard throttling benchmark: "
                + "server answers per second over time (log scale)</text>\n");
        int lx = 10;
        for (Configuration c : Configuration.values()) {
            s.append(String.format(Locale.ROOT, "<line x1=\"%d\" y1=\"36\" x2=\"%d\" y2=\"36\" stroke=\"%s\" stroke-width=\"2\"/>"
                    + "<text x=\"%d\" y=\"40\">%s</text>%n", lx, lx + 20, COLOURS.get(c), lx + 25, c.label));
            lx += 170;
        }
        s.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"40\">solid: answered 200 / s; dashed: answered 429 / s; "
                + "grey: sustainable rate</text>%n", lx));
        int row = 0;
        java.util.Set<String> drawn = new java.util.HashSet<>();
        for (Map.Entry<String, List<Result>> e : rows.entrySet()) {
            for (Result r : e.getValue()) {
                int col = columns.indexOf(r.client().label);
                int x0 = left + col * (pw + gapX);
                int y0 = top + row * (ph + gapY) + 20;
                if (drawn.add(row + "/" + col)) {
                    panel(s, x0, y0, pw, ph, e.getKey() + " | " + r.client().label, maxRate, maxMillis, r.sustainablePerSecond());
                }
                plot(s, r, x0, y0, pw, ph, maxRate, maxMillis);
            }
            row++;
        }
        s.append("</svg>\n");
        return s.toString();
    }

    private static void panel(StringBuilder s, int x0, int y0, int pw, int ph, String title, double maxRate,
                              long maxMillis, double sustainable) {
        s.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" font-weight=\"bold\">%s</text>%n", x0, y0 - 6, escape(title)));
        s.append(String.format(Locale.ROOT, "<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" fill=\"none\" stroke=\"#999\"/>%n",
                x0, y0, pw, ph));
        for (double tick : new double[] {1, 10, 100, 1000, 10000}) {
            if (tick > maxRate * 1.01) {
                break;
            }
            double y = y(tick, y0, ph, maxRate);
            s.append(String.format(Locale.ROOT, "<line x1=\"%d\" y1=\"%.1f\" x2=\"%d\" y2=\"%.1f\" stroke=\"#eee\"/>"
                    + "<text x=\"%d\" y=\"%.1f\" text-anchor=\"end\">%s</text>%n",
                    x0, y, x0 + pw, y, x0 - 4, y + 4, tick >= 1000 ? (int) (tick / 1000) + "k" : Integer.toString((int) tick)));
        }
        double ys = y(sustainable, y0, ph, maxRate);
        s.append(String.format(Locale.ROOT, "<line x1=\"%d\" y1=\"%.1f\" x2=\"%d\" y2=\"%.1f\" stroke=\"#888\" "
                + "stroke-dasharray=\"1,3\"/>%n", x0, ys, x0 + pw, ys));
        s.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" text-anchor=\"end\">0</text>%n", x0 - 4, y0 + ph + 4));
        for (long t = 0; t <= maxMillis; t += 2000) {
            double x = x0 + (double) t / maxMillis * pw;
            s.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%d\" text-anchor=\"middle\">%d s</text>%n",
                    x, y0 + ph + 13, t / 1000));
        }
    }

    private static void plot(StringBuilder s, Result r, int x0, int y0, int pw, int ph, double maxRate, long maxMillis) {
        List<double[]> points = series(r);
        String colour = COLOURS.get(r.configuration());
        for (int k = 1; k <= 2; k++) {
            StringBuilder d = new StringBuilder();
            for (double[] p : points) {
                double x = x0 + (p[0] + BIN_MILLIS / 2.0) / maxMillis * pw;
                d.append(d.length() == 0 ? "M" : " L").append(String.format(Locale.ROOT, "%.1f,%.1f", x, y(p[k], y0, ph, maxRate)));
            }
            if (d.length() > 0) {
                s.append(String.format(Locale.ROOT, "<path d=\"%s\" fill=\"none\" stroke=\"%s\" stroke-width=\"1.5\"%s/>%n",
                        d, colour, k == 2 ? " stroke-dasharray=\"4,3\"" : ""));
            }
        }
    }

    private static double y(double rate, int y0, int ph, double maxRate) {
        return y0 + ph - Math.log10(1 + rate) / Math.log10(1 + maxRate) * ph;
    }

    /** [start millis from the first request, 200s per second, 429s per second] per bin. */
    static List<double[]> series(Result r) {
        SimulatorStats stats = r.stats();
        long res = stats.resolution().toMillis();
        Map<Long, double[]> bins = new LinkedHashMap<>();
        for (SimulatorStats.TimeBucket b : stats.timeline()) {
            long at = b.offset().toMillis() - r.firstArrivalMillis();
            if (at < 0) {
                continue;
            }
            double[] bin = bins.computeIfAbsent(at / BIN_MILLIS, k -> new double[3]);
            bin[1] += b.succeeded();
            bin[2] += b.status429();
        }
        List<double[]> out = new ArrayList<>();
        double scale = 1000.0 / BIN_MILLIS;
        bins.forEach((k, v) -> out.add(new double[] {k * BIN_MILLIS, v[1] * scale, v[2] * scale}));
        return res > BIN_MILLIS ? List.of() : out;
    }

    private static String escape(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }
}
