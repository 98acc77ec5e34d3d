package io.harnessrouter.host.telemetry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** When tracing is on, read from a map of variables (no real environment is touched). */
class TelemetrySettingsTest {

    @Test
    void offWithNoOpenTelemetryVariables() {
        TelemetrySettings s = TelemetrySettings.fromEnv(Map.of("PATH", "/usr/bin", "OTEL_SERVICE_NAME", "x"));
        assertFalse(s.enabled());
        assertEquals(Map.of(), s.properties());
        assertEquals(Optional.empty(), s.problem());
    }

    @Test
    void onWithAnEndpointATracesEndpointOrTheOtlpTracesExporter() {
        assertTrue(TelemetrySettings.fromEnv(Map.of("OTEL_EXPORTER_OTLP_ENDPOINT", "http://127.0.0.1:4318")).enabled());
        assertTrue(TelemetrySettings.fromEnv(Map.of("OTEL_EXPORTER_OTLP_TRACES_ENDPOINT",
                "http://127.0.0.1:4318/v1/traces")).enabled());
        assertTrue(TelemetrySettings.fromEnv(Map.of("OTEL_TRACES_EXPORTER", "otlp")).enabled());
        assertTrue(TelemetrySettings.fromEnv(Map.of("OTEL_TRACES_EXPORTER", " OTLP , console")).enabled());
    }

    @Test
    void blankEndpointDoesNotTurnTracingOn() {
        assertFalse(TelemetrySettings.fromEnv(Map.of("OTEL_EXPORTER_OTLP_ENDPOINT", "  ")).enabled());
    }

    @Test
    void sdkDisabledWinsOverEverySettingThatTurnsTracingOn() {
        TelemetrySettings s = TelemetrySettings.fromEnv(Map.of("OTEL_SDK_DISABLED", "TRUE",
                "OTEL_EXPORTER_OTLP_ENDPOINT", "http://127.0.0.1:4318", "OTEL_TRACES_EXPORTER", "otlp"));
        assertFalse(s.enabled());
        assertEquals(Optional.empty(), s.problem());
        assertTrue(TelemetrySettings.fromEnv(Map.of("OTEL_SDK_DISABLED", "false",
                "OTEL_EXPORTER_OTLP_ENDPOINT", "http://127.0.0.1:4318")).enabled());
    }

    @Test
    void tracesExporterNoneTurnsTracingOffEvenWithAnEndpoint() {
        TelemetrySettings s = TelemetrySettings.fromEnv(Map.of("OTEL_TRACES_EXPORTER", "none",
                "OTEL_EXPORTER_OTLP_ENDPOINT", "http://127.0.0.1:4318"));
        assertFalse(s.enabled());
        assertEquals(Optional.empty(), s.problem());
    }

    @Test
    void anExporterOtherThanOtlpIsRefusedWithTheReason() {
        TelemetrySettings s = TelemetrySettings.fromEnv(Map.of("OTEL_TRACES_EXPORTER", "zipkin"));
        assertFalse(s.enabled());
        assertEquals(Optional.of("OTEL_TRACES_EXPORTER=zipkin is not supported: harness-router exports traces over"
                + " OTLP only (otlp or none); tracing is off"), s.problem());
    }

    @Test
    void grpcIsRefusedWithTheReasonAndTheTracesProtocolWinsOverTheGeneralOne() {
        TelemetrySettings grpc = TelemetrySettings.fromEnv(Map.of("OTEL_EXPORTER_OTLP_ENDPOINT", "http://h:4317",
                "OTEL_EXPORTER_OTLP_PROTOCOL", "grpc"));
        assertFalse(grpc.enabled());
        assertEquals(Optional.of("OTEL_EXPORTER_OTLP_PROTOCOL=grpc is not supported: harness-router exports OTLP"
                + " over http/protobuf only (the JDK HTTP client; no gRPC stack is bundled); tracing is off"),
                grpc.problem());
        assertTrue(TelemetrySettings.fromEnv(Map.of("OTEL_EXPORTER_OTLP_ENDPOINT", "http://h:4318",
                "OTEL_EXPORTER_OTLP_PROTOCOL", "grpc", "OTEL_EXPORTER_OTLP_TRACES_PROTOCOL", "http/protobuf")).enabled());
    }

    @Test
    void everyOtelVariableBecomesAnSdkPropertyWithTracesOnlyOverHttpProtobuf() {
        TelemetrySettings s = TelemetrySettings.fromEnv(Map.of("OTEL_EXPORTER_OTLP_ENDPOINT", "http://127.0.0.1:4318",
                "OTEL_EXPORTER_OTLP_HEADERS", "x-token=abc", "OTEL_METRICS_EXPORTER", "otlp", "HOME", "/home/dev"));
        assertEquals(Map.of(
                "otel.exporter.otlp.endpoint", "http://127.0.0.1:4318",
                "otel.exporter.otlp.headers", "x-token=abc",
                "otel.traces.exporter", "otlp",
                "otel.metrics.exporter", "none",
                "otel.logs.exporter", "none",
                "otel.exporter.otlp.traces.protocol", "http/protobuf",
                "otel.service.name", "harness-router"), s.properties());
    }

    @Test
    void aServiceNameFromTheUserIsKept() {
        assertEquals("mine", TelemetrySettings.fromEnv(Map.of("OTEL_TRACES_EXPORTER", "otlp",
                "OTEL_SERVICE_NAME", "mine")).properties().get("otel.service.name"));
        assertFalse(TelemetrySettings.fromEnv(Map.of("OTEL_TRACES_EXPORTER", "otlp",
                "OTEL_RESOURCE_ATTRIBUTES", "service.name=shared-router,team=x")).properties()
                .containsKey("otel.service.name"));
    }

    @Test
    void offNeverStartsAnything() {
        assertSame(Telemetry.OFF, Telemetry.start(Map.of(), "1.0.0"));
        assertSame(CallTrace.NONE, Telemetry.OFF.startCall("code"));
    }
}
