package dev.llmguard.jmx;

import static org.assertj.core.api.Assertions.assertThat;

import dev.llmguard.core.metrics.BudgetAlerts;
import dev.llmguard.core.metrics.GuardStats;
import java.io.Reader;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.management.MBeanAttributeInfo;
import javax.management.MBeanServer;
import javax.management.ObjectName;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

/**
 * The monitoring files in docs/monitoring against the MBeans as registered: every numeric attribute
 * of every llm-guard MBean is exported by exactly one Prometheus JMX exporter rule under a valid
 * metric name, and every attribute the OpenTelemetry file maps exists.
 */
class MonitoringRulesTest {
    private static final Path DOCS = Paths.get("..", "docs", "monitoring");
    private static final Pattern METRIC_NAME = Pattern.compile("[a-zA-Z_:][a-zA-Z0-9_:]*");

    private static Object yaml(String file) throws Exception {
        try (Reader r = Files.newBufferedReader(DOCS.resolve(file), StandardCharsets.UTF_8)) {
            return new Yaml().load(r);
        }
    }

    /** The names the exporter matches: {@code domain<key=value, ...><>Attribute}, keys in registration order. */
    private static List<String> exporterNames(MBeanServer server) throws Exception {
        List<String> names = new ArrayList<>();
        for (ObjectName name : server.queryNames(new ObjectName("dev.llmguard:*"), null)) {
            String keys = name.getKeyPropertyListString().replace(",", ", ");
            for (MBeanAttributeInfo a : server.getMBeanInfo(name).getAttributes()) {
                if (a.getType().equals("long") || a.getType().equals("int") || a.getType().equals("double")) {
                    names.add(name.getDomain() + "<" + keys + "><>" + a.getName());
                }
            }
        }
        return names;
    }

    @Test
    @SuppressWarnings("unchecked")
    void everyNumericAttributeHasOnePrometheusRuleAndTheOtelMappingNamesRealAttributes() throws Exception {
        GuardStats stats = new GuardStats(new BudgetAlerts(new int[] {70}, (q, p, u, l, d) -> { }, Clock.systemUTC()));
        GuardMBeans.install(stats, "test", "enforce");
        stats.forQuota("api.openai.com", "0123456789ab", "gpt-4o");
        stats.forQuota("localhost:8080", "none", "*");
        MBeanServer server = ManagementFactory.getPlatformMBeanServer();
        long deadline = System.nanoTime() + 5_000_000_000L;
        while (server.queryNames(new ObjectName("dev.llmguard:*"), null).size() < 3 && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        try {
            List<String> names = exporterNames(server);
            assertThat(names).hasSizeGreaterThan(40);
            List<Map<String, Object>> rules = (List<Map<String, Object>>) ((Map<String, Object>) yaml("prometheus-jmx-exporter.yaml")).get("rules");
            for (String name : names) {
                int matched = 0;
                for (Map<String, Object> rule : rules) {
                    Matcher m = Pattern.compile((String) rule.get("pattern")).matcher(name);
                    if (m.matches()) {
                        matched++;
                        String metric = m.replaceFirst((String) rule.get("name"));
                        assertThat(metric).as(name).matches(METRIC_NAME);
                        Object labels = rule.get("labels");
                        if (labels != null) {
                            for (Object v : ((Map<String, Object>) labels).values()) {
                                assertThat(m.replaceFirst((String) v)).as(name).doesNotContain("\"").isNotEmpty();
                            }
                        }
                    }
                }
                assertThat(matched).as("rules matching " + name).isEqualTo(1);
            }

            List<Map<String, Object>> otel = (List<Map<String, Object>>) ((Map<String, Object>) yaml("otel-jmx-metrics.yaml")).get("rules");
            for (Map<String, Object> rule : otel) {
                ObjectName bean = new ObjectName((String) rule.get("bean"));
                ObjectName one = server.queryNames(bean, null).iterator().next();
                List<String> attributes = new ArrayList<>();
                for (MBeanAttributeInfo a : server.getMBeanInfo(one).getAttributes()) {
                    attributes.add(a.getName());
                }
                assertThat(attributes).as(bean.toString()).containsAll(((Map<String, Object>) rule.get("mapping")).keySet());
            }
        } finally {
            for (ObjectName name : server.queryNames(new ObjectName("dev.llmguard:*"), null)) {
                server.unregisterMBean(name);
            }
        }
    }
}
