package io.harnessrouter.host.telemetry;

import java.lang.reflect.InvocationTargetException;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Tracing for the {@code code} tool, on or off for the life of the process.
 *
 * <p>This interface and {@link #OFF} use no OpenTelemetry type: with tracing off (the default) no
 * {@code io.opentelemetry} class is ever loaded, so it costs nothing at start-up or in memory.
 * {@link #start} loads the OpenTelemetry implementation by name only when {@link TelemetrySettings}
 * say so; a test fails when anything on the server path refers to it directly.
 *
 * <p>Thread-safety: implementations are safe for concurrent tool calls.
 */
public interface Telemetry extends AutoCloseable {

    /** No tracing: every call trace is {@link CallTrace#NONE}. */
    Telemetry OFF = new Telemetry() {
        @Override
        public CallTrace startCall(String toolName) {
            return CallTrace.NONE;
        }

        @Override
        public void close() {
        }
    };

    /** The class that holds every reference to OpenTelemetry; loaded only when tracing is on. */
    String OTEL_IMPLEMENTATION = "io.harnessrouter.host.telemetry.otel.OtelTelemetry";

    /** Starts the tool-call span of one call to {@code toolName}. */
    CallTrace startCall(String toolName);

    /** Exports what is buffered (bounded wait) and stops the SDK. Idempotent. */
    @Override
    void close();

    /**
     * Tracing as {@code env} asks for it: {@link #OFF} unless the OpenTelemetry variables turn it on
     * (see {@link TelemetrySettings}). An SDK that fails to start is logged and leaves tracing off;
     * it never stops the server.
     *
     * @param env     the process environment, or a test's map
     * @param version this build's version, reported as {@code service.version}
     */
    static Telemetry start(Map<String, String> env, String version) {
        Logger log = LoggerFactory.getLogger(Telemetry.class);
        TelemetrySettings settings = TelemetrySettings.fromEnv(env);
        settings.problem().ifPresent(p -> log.warn("OpenTelemetry: {}", p));
        if (!settings.enabled()) {
            return OFF;
        }
        try {
            // By name, so that the off path never links against (and never loads) OpenTelemetry.
            Object started = Class.forName(OTEL_IMPLEMENTATION, true, Telemetry.class.getClassLoader())
                    .getMethod("start", Map.class, String.class)
                    .invoke(null, settings.properties(), version);
            log.info("OpenTelemetry tracing on: exporting spans over OTLP/HTTP");
            return (Telemetry) started;
        } catch (InvocationTargetException e) {
            log.warn("OpenTelemetry SDK failed to start: {}; tracing is off", e.getCause().toString());
        } catch (ReflectiveOperationException | LinkageError | RuntimeException e) {
            log.warn("OpenTelemetry SDK failed to start: {}; tracing is off", e.toString());
        }
        return OFF;
    }
}
