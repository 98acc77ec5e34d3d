package io.harnessrouter.host.telemetry.otel;

import io.harnessrouter.host.telemetry.CallTrace;
import io.harnessrouter.host.telemetry.Telemetry;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.api.trace.TracerProvider;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.autoconfigure.AutoConfiguredOpenTelemetrySdk;
import io.opentelemetry.sdk.resources.Resource;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Tracing on: the OpenTelemetry SDK configured from the standard variables (autoconfigure), with
 * an OTLP/HTTP span exporter over the JDK's HTTP client and a batch span processor, so a tool call
 * never waits on the collector.
 *
 * <p>Every OpenTelemetry reference of harness-router lives in this package, which nothing on the
 * off path names: {@link Telemetry#start} loads this class by name.
 *
 * <p>Thread-safety: safe for concurrent tool calls (the SDK's tracer is).
 */
public final class OtelTelemetry implements Telemetry {

    static final String SCOPE = "harness-router";
    private static final AttributeKey<String> SERVICE_VERSION = AttributeKey.stringKey("service.version");
    /**
     * How long {@link #close} waits for the last batch to reach the collector: a loopback flush
     * took about 0.3 s on a loaded 2-core machine; with the collector down the SDK's own retries
     * held exit for 5 s (docs/telemetry.md, cost).
     */
    private static final long SHUTDOWN_SECONDS = 1;

    private final Tracer tracer;
    private final Runnable shutdown;
    private final AtomicBoolean closed = new AtomicBoolean();

    OtelTelemetry(Tracer tracer, Runnable shutdown) {
        this.tracer = tracer;
        this.shutdown = shutdown;
    }

    /**
     * Starts the SDK. Called by {@link Telemetry#start} by reflection.
     *
     * @param properties SDK properties from {@code TelemetrySettings}; they override the process
     *                   environment, which autoconfigure also reads
     * @param version    this build's version, as {@code service.version} unless the resource
     *                   attributes set one
     */
    public static Telemetry start(Map<String, String> properties, String version) {
        OpenTelemetrySdk sdk = AutoConfiguredOpenTelemetrySdk.builder()
                .addPropertiesCustomizer(config -> properties)
                .addResourceCustomizer((resource, config) ->
                        Resource.create(Attributes.of(SERVICE_VERSION, version)).merge(resource))
                .setServiceClassLoader(OtelTelemetry.class.getClassLoader())
                .disableShutdownHook()
                .build()
                .getOpenTelemetrySdk();
        return new OtelTelemetry(sdk.getTracer(SCOPE, version),
                () -> sdk.shutdown().join(SHUTDOWN_SECONDS, TimeUnit.SECONDS));
    }

    /** Tracing into {@code provider} (tests: an SDK provider with an in-memory exporter). */
    public static Telemetry using(TracerProvider provider) {
        return new OtelTelemetry(provider.get(SCOPE), () -> { });
    }

    @Override
    public CallTrace startCall(String toolName) {
        return new OtelCallTrace(tracer, toolName);
    }

    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) {
            shutdown.run();
        }
    }
}
