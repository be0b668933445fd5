package dev.llmguard.core.retry;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.EOFException;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.ConnectException;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import javax.net.ssl.SSLHandshakeException;
import org.junit.jupiter.api.Test;

class ConnectionFailuresTest {

    @Test
    void retriesFailuresOfTheConnection() {
        assertThat(ConnectionFailures.isRetryable(new ConnectException("refused"), true)).isTrue();
        assertThat(ConnectionFailures.isRetryable(new SocketException("Connection reset"), true)).isTrue();
        assertThat(ConnectionFailures.isRetryable(new IOException("unexpected end of stream on http://x/..."), true)).isTrue();
        assertThat(ConnectionFailures.isRetryable(new IOException("wrapped", new EOFException()), true)).isTrue();
    }

    @Test
    void timeoutsFollowTheSetting() {
        assertThat(ConnectionFailures.isRetryable(new SocketTimeoutException("read timed out"), true)).isTrue();
        assertThat(ConnectionFailures.isRetryable(new SocketTimeoutException("read timed out"), false)).isFalse();
    }

    @Test
    void neverRetriesCancellationInterruptsDnsOrTls() {
        assertThat(ConnectionFailures.isRetryable(new InterruptedIOException("timeout"), true)).isFalse();
        assertThat(ConnectionFailures.isRetryable(new IOException("Canceled"), true)).isFalse();
        assertThat(ConnectionFailures.isRetryable(new UnknownHostException("api.example"), true)).isFalse();
        assertThat(ConnectionFailures.isRetryable(new SSLHandshakeException("bad cert"), true)).isFalse();
    }
}
