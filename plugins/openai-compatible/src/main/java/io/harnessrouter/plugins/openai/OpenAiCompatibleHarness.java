package io.harnessrouter.plugins.openai;

import io.harnessrouter.api.Dispatcher;
import io.harnessrouter.api.DoctorProbe;
import io.harnessrouter.api.Harness;
import io.harnessrouter.api.HarnessContext;
import io.harnessrouter.api.QuotaHeaderParser;
import io.harnessrouter.api.RouteSpec;
import java.util.Optional;
import org.pf4j.Extension;

/**
 * The harness behind every {@code metered:} route: an OpenAI-compatible chat-completions API
 * (OpenAI, OpenRouter, Groq, vLLM, Ollama, LM Studio, ...) reached over HTTP with the route's
 * {@code base_url} and {@code api_key}. Route settings: {@code stream} (default {@code true}),
 * {@code max_file_bytes} (default 524288), {@code connect_timeout_seconds} (default 10).
 *
 * <p>Found by PF4J through {@code @Extension} in the plugin JAR and by {@link java.util.ServiceLoader}
 * on the host's class path. Stateless and thread-safe.
 *
 * @since 0.1.0
 */
@Extension
public final class OpenAiCompatibleHarness implements Harness {

    private static final QuotaHeaderParser QUOTA_PARSER = new OpenAiQuotaParser();

    /** For PF4J and {@link java.util.ServiceLoader}. */
    public OpenAiCompatibleHarness() {
    }

    @Override
    public String id() {
        return OPENAI_COMPATIBLE;
    }

    @Override
    public String displayName() {
        return "OpenAI-compatible API";
    }

    @Override
    public Optional<String> defaultCommand() {
        return Optional.empty();
    }

    @Override
    public Dispatcher dispatcher(RouteSpec route, HarnessContext context) {
        return new OpenAiDispatcher(route, context);
    }

    @Override
    public DoctorProbe doctorProbe(HarnessContext context) {
        return new OpenAiDoctorProbe();
    }

    @Override
    public QuotaHeaderParser quotaHeaderParser() {
        return QUOTA_PARSER;
    }

    /** 120 s, the npm tool's HTTP timeout: an API call that takes longer than that has stalled. */
    @Override
    public Optional<java.time.Duration> defaultTimeout() {
        return Optional.of(OpenAiSettings.DEFAULT_ROUTE_TIMEOUT);
    }
}
