package io.harnessrouter.host.telemetry;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Whether tracing is on, read from the standard OpenTelemetry variables of a given environment (a
 * map, so tests never set real variables), and the SDK properties to start it with.
 *
 * <p>Tracing is off unless {@code OTEL_EXPORTER_OTLP_ENDPOINT} or
 * {@code OTEL_EXPORTER_OTLP_TRACES_ENDPOINT} is set or {@code OTEL_TRACES_EXPORTER} names
 * {@code otlp}; {@code OTEL_SDK_DISABLED=true} wins over all of them (npm defect B13: the npm tool
 * traced by default and paid 130–290 ms of start-up for it). Only OTLP over HTTP/protobuf is
 * exported (the JDK's HTTP client sends it); a setting that asks for anything else turns tracing
 * off with a {@link #problem} saying so, never a failed start.
 *
 * @param enabled    whether to start the SDK
 * @param properties every {@code OTEL_*} variable as an SDK property ({@code otel.exporter.otlp.endpoint}),
 *                   with harness-router's defaults: traces only, over http/protobuf, service name
 *                   {@code harness-router}; empty when off
 * @param problem    why a setting that asked for tracing was not honoured, for one log line
 */
public record TelemetrySettings(boolean enabled, Map<String, String> properties, Optional<String> problem) {

    public static final String SDK_DISABLED = "OTEL_SDK_DISABLED";
    public static final String ENDPOINT = "OTEL_EXPORTER_OTLP_ENDPOINT";
    public static final String TRACES_ENDPOINT = "OTEL_EXPORTER_OTLP_TRACES_ENDPOINT";
    public static final String TRACES_EXPORTER = "OTEL_TRACES_EXPORTER";
    static final String PROTOCOL = "OTEL_EXPORTER_OTLP_PROTOCOL";
    static final String TRACES_PROTOCOL = "OTEL_EXPORTER_OTLP_TRACES_PROTOCOL";
    static final String HTTP_PROTOBUF = "http/protobuf";

    private static final TelemetrySettings OFF = new TelemetrySettings(false, Map.of(), Optional.empty());

    public TelemetrySettings {
        properties = Map.copyOf(properties);
        problem = problem == null ? Optional.empty() : problem;
    }

    /** Reads {@code env} (the process environment, or a test's map). */
    public static TelemetrySettings fromEnv(Map<String, String> env) {
        if ("true".equalsIgnoreCase(value(env, SDK_DISABLED))) {
            return OFF;
        }
        String exporter = value(env, TRACES_EXPORTER).toLowerCase(Locale.ROOT);
        if (!exporter.isEmpty()) {
            List<String> names = Arrays.stream(exporter.split(",")).map(String::strip).filter(s -> !s.isEmpty()).toList();
            if (!names.contains("otlp")) {
                return names.equals(List.of("none")) ? OFF : off(TRACES_EXPORTER + "=" + exporter
                        + " is not supported: harness-router exports traces over OTLP only (otlp or none)");
            }
        } else if (value(env, ENDPOINT).isEmpty() && value(env, TRACES_ENDPOINT).isEmpty()) {
            return OFF;
        }
        for (String name : List.of(TRACES_PROTOCOL, PROTOCOL)) {
            String protocol = value(env, name);
            if (!protocol.isEmpty() && !protocol.equals(HTTP_PROTOBUF)) {
                return off(name + "=" + protocol + " is not supported: harness-router exports OTLP over "
                        + HTTP_PROTOBUF + " only (the JDK HTTP client; no gRPC stack is bundled)");
            }
            if (!protocol.isEmpty()) {
                break;
            }
        }
        return new TelemetrySettings(true, properties(env), Optional.empty());
    }

    private static Map<String, String> properties(Map<String, String> env) {
        Map<String, String> props = new LinkedHashMap<>();
        env.forEach((name, value) -> {
            if (name.startsWith("OTEL_") && value != null) {
                props.put(name.toLowerCase(Locale.ROOT).replace('_', '.'), value);
            }
        });
        props.put("otel.traces.exporter", "otlp");
        props.put("otel.metrics.exporter", "none");
        props.put("otel.logs.exporter", "none");
        props.put("otel.exporter.otlp.traces.protocol", HTTP_PROTOBUF);
        if (!props.containsKey("otel.service.name")
                && !props.getOrDefault("otel.resource.attributes", "").contains("service.name=")) {
            props.put("otel.service.name", "harness-router");
        }
        return props;
    }

    private static TelemetrySettings off(String problem) {
        return new TelemetrySettings(false, Map.of(), Optional.of(problem + "; tracing is off"));
    }

    private static String value(Map<String, String> env, String name) {
        String v = env.get(name);
        return v == null ? "" : v.strip();
    }
}
