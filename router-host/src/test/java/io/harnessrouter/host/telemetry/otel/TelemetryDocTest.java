package io.harnessrouter.host.telemetry.otel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.harnessrouter.host.telemetry.CallOutcome;
import io.harnessrouter.host.telemetry.TelemetrySettings;
import io.opentelemetry.api.common.AttributeKey;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** docs/telemetry.md names every span, attribute, outcome and variable the code uses, and its collector example loads. */
class TelemetryDocTest {

    private static final Path DOC = Path.of("..", "docs", "telemetry.md");

    @Test
    void docNamesEverySpanAttributeAndOutcome() throws Exception {
        String doc = Files.readString(DOC);
        List<String> names = new ArrayList<>();
        for (Field f : SpanNames.class.getDeclaredFields()) {
            if (Modifier.isStatic(f.getModifiers())) {
                f.setAccessible(true);
                Object value = f.get(null);
                names.add(value instanceof AttributeKey<?> key ? key.getKey() : value.toString());
            }
        }
        for (CallOutcome outcome : CallOutcome.values()) {
            names.add(outcome.wireName());
        }
        names.addAll(List.of(TelemetrySettings.ENDPOINT, TelemetrySettings.TRACES_ENDPOINT,
                TelemetrySettings.TRACES_EXPORTER, TelemetrySettings.SDK_DISABLED));
        assertTrue(names.size() >= 40, names.toString());
        List<String> missing = names.stream().filter(n -> !doc.contains("`" + n + "`")).toList();
        assertEquals(List.of(), missing, "named in the code, not in docs/telemetry.md");
    }

    @Test
    void collectorExampleReceivesOtlpHttpOnLoopbackAndPipesTraces() throws Exception {
        String doc = Files.readString(DOC);
        int start = doc.indexOf("```yaml\n# otel-collector.yaml");
        assertTrue(start >= 0, "the collector example");
        String yaml = doc.substring(doc.indexOf('\n', start) + 1, doc.indexOf("```", start + 7));
        JsonNode config = new ObjectMapper(new YAMLFactory()).readTree(yaml);
        assertEquals("127.0.0.1:4318", config.at("/receivers/otlp/protocols/http/endpoint").asText());
        assertEquals("otlp", config.at("/service/pipelines/traces/receivers/0").asText());
        String exporter = config.at("/service/pipelines/traces/exporters/0").asText();
        assertTrue(config.at("/exporters").has(exporter), exporter);
    }
}
