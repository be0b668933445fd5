package dev.llmguard.core.throttle;

import dev.llmguard.core.http.Headers;
import dev.llmguard.core.http.HostPort;
import dev.llmguard.core.http.RequestInfo;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * Which provider quota a request draws on: providers limit per organisation or key and per model,
 * so the identity is host, a fingerprint of the API key and the model. The key itself is never
 * kept: only the first 12 hex digits of its SHA-256.
 */
public final class QuotaKey {
    private static final String[] KEY_HEADERS = {"api-key", "x-api-key", "x-goog-api-key"};

    private final String host;
    private final String keyFingerprint;
    private final String model;

    /** @param host as {@link HostPort#of} writes it */
    QuotaKey(String host, String keyFingerprint, String model) {
        this.host = host;
        this.keyFingerprint = keyFingerprint;
        this.model = model == null ? "*" : model;
    }

    public static QuotaKey of(RequestInfo request, String model) {
        return new QuotaKey(HostPort.of(request.host(), request.port()), keyFingerprint(request), model);
    }

    /**
     * The fingerprint of the request's credential. A header value the application sends again is
     * most often the very same string object (a client's configured header, a constant): its
     * fingerprint is then remembered by identity, so the key is not hashed on every request. Only
     * the application's own string is referenced, never copied, and the fingerprint is what is kept.
     */
    private static String keyFingerprint(RequestInfo request) {
        String raw = credentialHeader(request.headers());
        if (raw == null) {
            return fingerprint(apiKey(request));
        }
        int slot = System.identityHashCode(raw) & (RECENT.length() - 1);
        KnownCredential known = RECENT.get(slot);
        if (known != null && known.header == raw) {
            return known.fingerprint;
        }
        String fingerprint = fingerprint(keyOf(raw));
        RECENT.set(slot, new KnownCredential(raw, fingerprint));
        return fingerprint;
    }

    /** A few recently seen credential header values (by identity) and their fingerprints. */
    private static final AtomicReferenceArray<KnownCredential> RECENT = new AtomicReferenceArray<>(16);

    private static final class KnownCredential {
        final String header;
        final String fingerprint;

        KnownCredential(String header, String fingerprint) {
            this.header = header;
            this.fingerprint = fingerprint;
        }
    }

    /** The first non-empty credential header's value as the application set it, or null. */
    private static String credentialHeader(Headers headers) {
        String auth = headers.get("authorization");
        if (auth != null && !auth.isEmpty()) {
            return auth;
        }
        for (String name : KEY_HEADERS) {
            String v = headers.get(name);
            if (v != null && !v.isEmpty()) {
                return v;
            }
        }
        return null;
    }

    /** The key in a credential header's value: without its {@code Bearer} scheme. */
    private static String keyOf(String header) {
        return header.regionMatches(true, 0, "Bearer ", 0, 7) ? header.substring(7).trim() : header.trim();
    }

    /** The credential the provider meters by, from the usual headers or Gemini's {@code key=} query. */
    static String apiKey(RequestInfo request) {
        String header = credentialHeader(request.headers());
        if (header != null) {
            return keyOf(header);
        }
        String query = request.query();
        if (query != null) {
            for (String pair : query.split("&")) {
                if (pair.startsWith("key=")) {
                    return pair.substring(4);
                }
            }
        }
        return null;
    }

    /** The first 12 hex digits of the value's SHA-256 ("none" for null or empty): API keys and tenant values are only kept so. */
    public static String fingerprint(String apiKey) {
        if (apiKey == null || apiKey.isEmpty()) {
            return "none";
        }
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(apiKey.getBytes(StandardCharsets.UTF_8));
            StringBuilder sb = new StringBuilder(12);
            for (int i = 0; i < 6; i++) {
                sb.append(Character.forDigit((digest[i] >> 4) & 0xF, 16)).append(Character.forDigit(digest[i] & 0xF, 16));
            }
            return sb.toString();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JRE", e);
        }
    }

    public String host() { return host; }
    public String keyFingerprint() { return keyFingerprint; }
    public String model() { return model; }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof QuotaKey)) {
            return false;
        }
        QuotaKey k = (QuotaKey) o;
        return host.equals(k.host) && keyFingerprint.equals(k.keyFingerprint) && model.equals(k.model);
    }

    @Override
    public int hashCode() {
        return (host.hashCode() * 31 + keyFingerprint.hashCode()) * 31 + model.hashCode();
    }

    /** Log-safe: the fingerprint is a hash, never the key; labelled so it never reads like a credential. */
    @Override
    public String toString() {
        return host + ", api key sha256:" + keyFingerprint + ", model " + model;
    }
}
