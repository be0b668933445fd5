package dev.llmguard.apache.hc4;

import dev.llmguard.core.exchange.LocalResponse;
import dev.llmguard.core.http.Headers;
import org.apache.http.HttpVersion;
import org.apache.http.client.methods.CloseableHttpResponse;
import org.apache.http.entity.ByteArrayEntity;
import org.apache.http.entity.ContentType;
import org.apache.http.message.BasicHttpResponse;
import org.apache.http.message.BasicStatusLine;

/** The core's local answer (a refusal) as the response {@code doExecute} returns: no connection behind it. */
final class Hc4LocalResponse extends BasicHttpResponse implements CloseableHttpResponse {
    Hc4LocalResponse(LocalResponse local) {
        super(new BasicStatusLine(HttpVersion.HTTP_1_1, local.status(), local.reason()));
        Headers headers = local.headers();
        for (int i = 0; i < headers.size(); i++) {
            addHeader(headers.name(i), headers.value(i));
        }
        setEntity(new ByteArrayEntity(local.body(), contentType(local.contentType())));
    }

    private static ContentType contentType(String value) {
        try {
            return value == null ? ContentType.APPLICATION_JSON : ContentType.parse(value);
        } catch (RuntimeException e) {
            return ContentType.APPLICATION_JSON;
        }
    }

    @Override
    public void close() {
        // nothing to give back
    }
}
