package dev.llmguard.status;

import java.util.LinkedHashMap;
import java.util.Map;
import javax.management.Attribute;
import javax.management.AttributeList;
import javax.management.MBeanServerConnection;
import javax.management.ObjectName;

/** One quota MBean's attributes as the status command read them, by attribute name. */
final class QuotaRow {
    /** Every attribute of {@code dev.llmguard.jmx.QuotaMXBean}, in the order the JSON lists them. */
    static final String[] ATTRIBUTES = {"Host", "KeyFingerprint", "Model",
            "RequestsPerMinuteLimit", "RequestsPerMinuteLimitSource", "TokensPerMinuteLimit", "TokensPerMinuteLimitSource",
            "RequestsPerDayLimit", "RequestsPerDayLimitSource", "ConcurrencyLimit", "ConcurrencyLimitSource",
            "RemainingRequests", "RemainingTokens", "RequestsResetAt", "PaceFactor",
            "RequestsSent", "Successes", "RateLimited", "RateLimitedByRequests", "RateLimitedByTokens", "RateLimitedOther",
            "Retries", "LocalRefusals", "FutileErrors", "Waits", "WaitMillisTotal", "WaitMillisMax",
            "TokensEstimated", "TokensReported", "RequestsToday", "TokensToday", "Day"};

    final Map<String, Object> values = new LinkedHashMap<String, Object>();

    static QuotaRow read(MBeanServerConnection connection, ObjectName name) throws Exception {
        QuotaRow row = new QuotaRow();
        AttributeList list = connection.getAttributes(name, ATTRIBUTES);
        for (Object o : list) {
            Attribute a = (Attribute) o;
            row.values.put(a.getName(), a.getValue());
        }
        return row;
    }

    String text(String attribute) {
        Object v = values.get(attribute);
        return v == null ? "" : v.toString();
    }

    long number(String attribute) {
        Object v = values.get(attribute);
        return v instanceof Number ? ((Number) v).longValue() : -1;
    }
}
