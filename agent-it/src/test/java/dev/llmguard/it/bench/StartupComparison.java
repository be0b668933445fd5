package dev.llmguard.it.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * One program started over and over in three JVMs, in turn and in a rotating order so drift in
 * the machine's load hits all three alike: without an agent, with {@link NoopAgent} (what any agent
 * with a class-file transformer costs) and with llm-guard. Each run records when the program's
 * marker lines appeared, in milliseconds from the process's start, and the lines themselves.
 */
final class StartupComparison {
    enum Launch {
        WITHOUT, NOOP_AGENT, LLM_GUARD
    }

    /** The command line of one run, given the {@code -javaagent:} option (none for {@link Launch#WITHOUT}). */
    interface Command {
        List<String> of(List<String> agentOptions);
    }

    private final Map<Launch, List<Map<String, Double>>> times = new EnumMap<>(Launch.class);
    private final Map<Launch, List<Map<String, String>>> lines = new EnumMap<>(Launch.class);

    private StartupComparison() {
        for (Launch l : Launch.values()) {
            times.put(l, new ArrayList<>());
            lines.put(l, new ArrayList<>());
        }
    }

    static StartupComparison run(int runs, Path guardJar, Path noopJar, Command command, String... markers) throws Exception {
        StartupComparison c = new StartupComparison();
        Launch[] launches = Launch.values();
        for (int i = 0; i < runs; i++) {
            for (int k = 0; k < launches.length; k++) {
                Launch launch = launches[(i + k) % launches.length];
                List<String> agent = new ArrayList<>();
                if (launch == Launch.NOOP_AGENT) {
                    agent.add("-javaagent:" + noopJar);
                } else if (launch == Launch.LLM_GUARD) {
                    agent.add("-javaagent:" + guardJar);
                }
                c.once(launch, command.of(agent), markers);
            }
        }
        return c;
    }

    private void once(Launch launch, List<String> cmd, String[] markers) throws IOException, InterruptedException {
        long start = System.nanoTime();
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        Map<String, Double> seen = new HashMap<>();
        Map<String, String> text = new HashMap<>();
        StringBuilder out = new StringBuilder();
        try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = r.readLine()) != null) {
                out.append(line).append('\n');
                for (String m : markers) {
                    if (line.startsWith(m) && !seen.containsKey(m)) {
                        seen.put(m, (System.nanoTime() - start) / 1e6);
                        text.put(m, line);
                    }
                }
            }
        }
        p.waitFor(120, TimeUnit.SECONDS);
        if (seen.size() < markers.length) {
            throw new IllegalStateException(launch + " run of " + String.join(" ", cmd) + " printed not all of "
                    + List.of(markers) + ":\n" + out);
        }
        times.get(launch).add(seen);
        lines.get(launch).add(text);
    }

    /** Median milliseconds to the marker line. */
    double median(Launch launch, String marker) {
        List<Double> v = new ArrayList<>();
        for (Map<String, Double> run : times.get(launch)) {
            v.add(run.get(marker));
        }
        return median(v);
    }

    /** Median of a whole number the marker line carries in field {@code field} (space separated). */
    double medianField(Launch launch, String marker, int field) {
        List<Double> v = new ArrayList<>();
        for (Map<String, String> run : lines.get(launch)) {
            v.add(Double.parseDouble(run.get(marker).split(" ")[field]));
        }
        return median(v);
    }

    /**
     * A markdown row: the three medians, what llm-guard adds over no agent and over the no-op agent,
     * and the target with its verdict ({@code met} null: no target).
     */
    String row(String what, String marker, String target, Boolean met) {
        double without = median(Launch.WITHOUT, marker);
        double noop = median(Launch.NOOP_AGENT, marker);
        double guard = median(Launch.LLM_GUARD, marker);
        return String.format(Locale.ROOT, "| %s | %.0f ms | %.0f ms (%+.0f ms) | %.0f ms | %+.0f ms (%+.1f%%) | %+.0f ms | %s %s |%n",
                what, without, noop, noop - without, guard, guard - without, (guard / without - 1) * 100, guard - noop, target,
                met == null ? "" : met ? "(met)" : "(MISSED)");
    }

    static String header(String what, int runs) {
        return "| " + what + " (median of " + runs + " runs) | Without agent | A no-op agent | llm-guard | Added | Added over the no-op agent | Target |\n"
                + "|---|---|---|---|---|---|---|\n";
    }

    /** The raw figures, for the log. */
    String describe(String marker) {
        StringBuilder s = new StringBuilder(marker.trim()).append(':');
        for (Launch l : Launch.values()) {
            List<Double> v = new ArrayList<>();
            for (Map<String, Double> run : times.get(l)) {
                v.add(Math.rint(run.get(marker)));
            }
            s.append(' ').append(l.name().toLowerCase(Locale.ROOT)).append(' ').append(v);
        }
        return s.toString();
    }

    static double median(List<Double> values) {
        List<Double> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        int n = sorted.size();
        return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
    }

    static Path java() {
        return Paths.get(System.getProperty("java.home"), "bin", "java");
    }
}
