package dev.llmguard.config;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;

/** Values kept as the text given, once checked for their form: the Redis URL, the key prefix, a file path. */
final class TextParsers {

    private TextParsers() {
    }

    /** A redis:// or rediss:// URL with a host. */
    static ValueParser<String> redisUrl() {
        return new ValueParser<String>() {
            @Override
            public String expectedForm() {
                return "a URL such as redis://host:6379, redis://user:password@host:6379/0 or rediss://host:6380";
            }

            @Override
            public String parse(String text) throws InvalidValueException {
                URI uri;
                try {
                    uri = new URI(text);
                } catch (URISyntaxException e) {
                    throw new InvalidValueException("not a URL");
                }
                String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
                if (!scheme.equals("redis") && !scheme.equals("rediss")) {
                    throw new InvalidValueException("the scheme must be redis or rediss");
                }
                if (uri.getHost() == null || uri.getHost().isEmpty()) {
                    throw new InvalidValueException("no host");
                }
                return text;
            }

            @Override
            public String format(String value) {
                return value;
            }
        };
    }

    /** The start of every Redis key: characters that need no quoting in a key, 1 to 64 of them. */
    static ValueParser<String> keyPrefix() {
        return new ValueParser<String>() {
            @Override
            public String expectedForm() {
                return "letters, digits and . _ - : (1 to 64 characters)";
            }

            @Override
            public String parse(String text) throws InvalidValueException {
                if (!text.matches("[A-Za-z0-9._:-]{1,64}")) {
                    throw new InvalidValueException();
                }
                return text;
            }

            @Override
            public String format(String value) {
                return value;
            }
        };
    }

    /** A file path, as given (relative paths are resolved against the working directory when read). */
    static ValueParser<String> filePath() {
        return new ValueParser<String>() {
            @Override
            public String expectedForm() {
                return "a file path";
            }

            @Override
            public String parse(String text) throws InvalidValueException {
                if (text.isEmpty() || text.indexOf('\0') >= 0) {
                    throw new InvalidValueException();
                }
                return text;
            }

            @Override
            public String format(String value) {
                return value;
            }
        };
    }

    /** Where a request's tenant is read: a header name, or the body field user, safety_identifier or metadata.user_id. */
    static ValueParser<String> tenantKey() {
        return new ValueParser<String>() {
            @Override
            public String expectedForm() {
                return "a header name (such as x-tenant-id) or one of the body fields user, safety_identifier, metadata.user_id";
            }

            @Override
            public String parse(String text) throws InvalidValueException {
                for (String field : TenantConfig.BODY_FIELDS) {
                    if (field.equals(text)) {
                        return text;
                    }
                }
                if (!text.matches("[A-Za-z0-9!#$%&'*+^_`|~-]{1,128}")) {
                    throw new InvalidValueException("not a header name");
                }
                return text.toLowerCase(Locale.ROOT);
            }

            @Override
            public String format(String value) {
                return value;
            }
        };
    }
}
