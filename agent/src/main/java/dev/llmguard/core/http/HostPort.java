package dev.llmguard.core.http;

import java.util.Locale;

/**
 * A request's server as one text, {@code host[:port]}: lower case, with the port only when it is not
 * 80 or 443. Requests to the same server get the same text however the client spelled the host, so
 * they share a quota (and its Redis keys) instead of splitting it.
 */
public final class HostPort {

    private HostPort() {
    }

    /**
     * @param port the request's port; 0 or less when the client did not say. 80 and 443 are dropped
     *             whatever the scheme: no LLM API serves one scheme on the other's default port
     */
    public static String of(String host, int port) {
        String lower = host.toLowerCase(Locale.ROOT);
        return port > 0 && port != 443 && port != 80 ? lower + ":" + port : lower;
    }

    /** The host of a {@code host[:port]} text, without the port; a bracketed IPv6 address keeps its brackets. */
    public static String hostOf(String hostPort) {
        int colon = hostPort.lastIndexOf(':');
        return colon > 0 && hostPort.indexOf(']') < colon ? hostPort.substring(0, colon) : hostPort;
    }
}
