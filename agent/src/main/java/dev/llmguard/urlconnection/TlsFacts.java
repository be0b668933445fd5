package dev.llmguard.urlconnection;

import javax.net.ssl.HttpsURLConnection;
import javax.net.ssl.SSLPeerUnverifiedException;

/** The TLS getters of an HTTPS connection the guard answers for: those of its final attempt. */
final class TlsFacts {
    static final String[] METHODS = {"getCipherSuite", "getLocalCertificates", "getServerCertificates",
            "getPeerPrincipal", "getLocalPrincipal"};

    private TlsFacts() {
    }

    static Object of(HttpsURLConnection attempt, String method) throws SSLPeerUnverifiedException {
        switch (method) {
            case "getCipherSuite":
                return attempt.getCipherSuite();
            case "getLocalCertificates":
                return attempt.getLocalCertificates();
            case "getServerCertificates":
                return attempt.getServerCertificates();
            case "getPeerPrincipal":
                return attempt.getPeerPrincipal();
            case "getLocalPrincipal":
                return attempt.getLocalPrincipal();
            default:
                throw new IllegalArgumentException("not a TLS getter: " + method);
        }
    }
}
