package dev.llmguard.config;

import java.util.List;
import java.util.Locale;

/** Finds the known key a mistyped name was meant to be, for the "did you mean" of an unknown key. */
final class NameSuggestion {

    private NameSuggestion() {
    }

    /**
     * Index of the known name closest to {@code typed}: same ignoring case; else the smallest edit distance
     * when small for the length; else one that ends with the typed name as whole segments (a missing
     * group such as "max-attempts" for "retry.max-attempts"). -1 when none.
     */
    static int closest(String typed, List<String> known, char separator) {
        String t = typed.toLowerCase(Locale.ROOT);
        if (t.isEmpty()) {
            return -1;
        }
        int best = -1;
        int bestDistance = Integer.MAX_VALUE;
        for (int i = 0; i < known.size(); i++) {
            int d = levenshtein(t, known.get(i).toLowerCase(Locale.ROOT));
            if (d < bestDistance) {
                best = i;
                bestDistance = d;
            }
        }
        if (best >= 0 && bestDistance <= Math.max(2, t.length() / 4)) {
            return best;
        }
        for (int i = 0; i < known.size(); i++) {
            String k = known.get(i).toLowerCase(Locale.ROOT);
            if (k.endsWith(separator + t) || t.endsWith(separator + k)) {
                return i;
            }
        }
        return -1;
    }

    static int levenshtein(String a, String b) {
        int[] prev = new int[b.length() + 1];
        int[] cur = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            prev[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            cur[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                cur[j] = Math.min(Math.min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + cost);
            }
            int[] tmp = prev;
            prev = cur;
            cur = tmp;
        }
        return prev[b.length()];
    }
}
