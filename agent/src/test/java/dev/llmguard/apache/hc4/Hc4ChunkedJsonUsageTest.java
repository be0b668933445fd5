package dev.llmguard.apache.hc4;

import static org.assertj.core.api.Assertions.assertThat;

import dev.llmguard.core.http.ResponseInfo;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import org.apache.http.HttpVersion;
import org.apache.http.entity.ContentType;
import org.apache.http.entity.InputStreamEntity;
import org.apache.http.message.BasicHttpResponse;
import org.apache.http.util.EntityUtils;
import org.junit.jupiter.api.Test;

/** A chunked JSON success (no length) is not read ahead: its usage is read as the application reads the entity. */
class Hc4ChunkedJsonUsageTest {
    private static final String BODY = "{\"id\":\"c\",\"usage\":{\"prompt_tokens\":12,\"completion_tokens\":3,\"total_tokens\":15}}";

    @Test
    void aChunkedJsonSuccessIsReadForItsUsageAsItPasses() throws Exception {
        BasicHttpResponse response = new BasicHttpResponse(HttpVersion.HTTP_1_1, 200, "OK");
        response.setEntity(new InputStreamEntity(new ByteArrayInputStream(BODY.getBytes(StandardCharsets.UTF_8)), -1,
                ContentType.APPLICATION_JSON));

        ResponseInfo info = Hc4Messages.response(response, 1024);

        assertThat(info.jsonBody()).as("nothing read ahead").isNull();
        long[] total = {-1};
        info.usageTap().whenEnded(u -> total[0] = u.totalTokens());
        assertThat(EntityUtils.toString(response.getEntity())).isEqualTo(BODY);
        assertThat(total[0]).isEqualTo(15);
    }
}
