package dev.llmguard.it.apps;

import java.util.SplittableRandom;

/** The request body each stress call sends, derived from its id alone, so the server can check every byte it receives. */
public final class StressBodies {
    private StressBodies() {
    }

    public static String body(String id) {
        SplittableRandom random = new SplittableRandom(id.hashCode());
        int length = 16 + random.nextInt(4000);
        StringBuilder content = new StringBuilder(length);
        String alphabet = "abcdefghijklmnopqrstuvwxyz0123456789 .,";
        for (int i = 0; i < length; i++) {
            content.append(alphabet.charAt(random.nextInt(alphabet.length())));
        }
        return "{\"model\":\"gpt-4o-mini\",\"id\":\"" + id + "\",\"messages\":[{\"role\":\"user\",\"content\":\"" + content + "\"}]}";
    }

    /** The id inside a body, or null. */
    public static String idOf(String body) {
        int start = body.indexOf("\"id\":\"");
        if (start < 0) {
            return null;
        }
        int end = body.indexOf('"', start + 6);
        return end < 0 ? null : body.substring(start + 6, end);
    }
}
