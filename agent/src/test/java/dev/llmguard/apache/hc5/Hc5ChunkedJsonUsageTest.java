package dev.llmguard.apache.hc5;

import static org.assertj.core.api.Assertions.assertThat;

import dev.llmguard.core.http.ResponseInfo;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import org.apache.hc.core5.http.ContentType;
import org.apache.hc.core5.http.io.entity.EntityUtils;
import org.apache.hc.core5.http.io.entity.InputStreamEntity;
import org.apache.hc.core5.http.message.BasicClassicHttpResponse;
import org.junit.jupiter.api.Test;

/** A chunked JSON success (no length) is not read ahead: its usage is read as the application reads the entity. */
class Hc5ChunkedJsonUsageTest {
    private static final String BODY = "{\"id\":\"c\",\"usage\":{\"prompt_tokens\":12,\"completion_tokens\":3,\"total_tokens\":15}}";

    @Test
    void aChunkedJsonSuccessIsReadForItsUsageAsItPasses() throws Exception {
        BasicClassicHttpResponse response = new BasicClassicHttpResponse(200, "OK");
        response.setEntity(new InputStreamEntity(new ByteArrayInputStream(BODY.getBytes(StandardCharsets.UTF_8)), -1,
                ContentType.APPLICATION_JSON));

        ResponseInfo info = Hc5Messages.response(response, 1024);

        assertThat(info.jsonBody()).as("nothing read ahead").isNull();
        assertThat(info.usageTap()).isNotNull();
        long[] total = {-1};
        info.usageTap().whenEnded(u -> total[0] = u.totalTokens());
        assertThat(total[0]).isEqualTo(-1);
        assertThat(EntityUtils.toString(response.getEntity())).isEqualTo(BODY);
        assertThat(total[0]).isEqualTo(15);
    }

    @Test
    void aJsonSuccessOfKnownLengthIsHeldAsBefore() throws Exception {
        byte[] bytes = BODY.getBytes(StandardCharsets.UTF_8);
        BasicClassicHttpResponse response = new BasicClassicHttpResponse(200, "OK");
        response.setEntity(new InputStreamEntity(new ByteArrayInputStream(bytes), bytes.length, ContentType.APPLICATION_JSON));

        ResponseInfo info = Hc5Messages.response(response, 1024);

        assertThat(info.usageTap()).isNull();
        assertThat(new String(info.jsonBody(), StandardCharsets.UTF_8)).isEqualTo(BODY);
        assertThat(EntityUtils.toString(response.getEntity())).isEqualTo(BODY);
    }
}
