package dev.llmguard.status;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.io.StringWriter;
import java.util.List;
import java.util.Map;

/** The status command's {@code --json}: {@code {"pid":..., "quotas":[{attribute: value, ...}]}}. */
final class StatusJson {
    private StatusJson() {
    }

    static String render(String pid, List<QuotaRow> rows) throws IOException {
        StringWriter out = new StringWriter();
        JsonGenerator g = new JsonFactory().createGenerator(out);
        g.writeStartObject();
        g.writeStringField("pid", pid);
        g.writeArrayFieldStart("quotas");
        for (QuotaRow r : rows) {
            g.writeStartObject();
            for (Map.Entry<String, Object> e : r.values.entrySet()) {
                String name = Character.toLowerCase(e.getKey().charAt(0)) + e.getKey().substring(1);
                Object v = e.getValue();
                if (v instanceof Double) {
                    g.writeNumberField(name, (Double) v);
                } else if (v instanceof Number) {
                    g.writeNumberField(name, ((Number) v).longValue());
                } else {
                    g.writeStringField(name, v == null ? null : v.toString());
                }
            }
            g.writeEndObject();
        }
        g.writeEndArray();
        g.writeEndObject();
        g.close();
        return out.toString();
    }
}
