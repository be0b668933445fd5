package dev.llmguard.config;

/**
 * How the text of a key's value is shown in messages and in {@link LoadedConfig#describe()}.
 * Every value shown passes through its key's redaction first (before any truncation), so a key
 * marked secret can never print its secret part.
 */
interface Redaction {

    String MASK = "****";

    String apply(String text);

    /** Shows the value as it is. */
    Redaction NONE = new Redaction() {
        @Override
        public String apply(String text) {
            return text;
        }
    };

    /** Shows only that there is a value. */
    Redaction ALL = new Redaction() {
        @Override
        public String apply(String text) {
            return text == null || text.isEmpty() ? text : MASK;
        }
    };

    /**
     * For URLs such as {@code redis://user:password@host:6379/0}: masks the password of the user
     * info (and the whole user info when it has no ':', as in {@code redis://token@host}). Text
     * without "://" cannot be told apart from a bare password and is masked entirely.
     */
    Redaction URL_PASSWORD = new Redaction() {
        @Override
        public String apply(String text) {
            if (text == null || text.isEmpty()) {
                return text;
            }
            int scheme = text.indexOf("://");
            if (scheme < 0) {
                return MASK;
            }
            int authorityStart = scheme + 3;
            int authorityEnd = text.length();
            for (int i = authorityStart; i < text.length(); i++) {
                char c = text.charAt(i);
                if (c == '/' || c == '?' || c == '#') {
                    authorityEnd = i;
                    break;
                }
            }
            int at = text.lastIndexOf('@', authorityEnd - 1);
            if (at < authorityStart) {
                return text;
            }
            String userInfo = text.substring(authorityStart, at);
            int colon = userInfo.indexOf(':');
            String masked = colon < 0 ? MASK : userInfo.substring(0, colon) + ":" + MASK;
            return text.substring(0, authorityStart) + masked + text.substring(at);
        }
    };
}
