package io.harnessrouter.plugins.openai;

import io.harnessrouter.api.HarnessContext;
import io.harnessrouter.api.support.ProcessRunner;
import java.net.http.HttpClient;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;

/**
 * A minimal {@link HarnessContext} for this plugin's tests: a fixed clock, a real JDK HTTP client
 * with the 10 s connect timeout the dispatcher expects, no process runner (this harness runs no
 * process), and the JDK's loggers or one given logger.
 */
final class OpenAiTestContext implements HarnessContext {

    /** The fixed time {@link #clock()} reports. */
    static final Instant NOW = Instant.parse("2026-01-01T00:00:00Z");

    private static final HttpClient CLIENT = HttpClient.newBuilder()
            .connectTimeout(Duration.ofSeconds(10))
            .followRedirects(HttpClient.Redirect.NORMAL)
            .build();

    private final Clock clock = Clock.fixed(NOW, ZoneOffset.UTC);
    private final System.Logger logger;
    private final HttpClient client;

    /** A context whose loggers are the JDK's. */
    OpenAiTestContext() {
        this(null);
    }

    /** A context whose every logger is {@code logger}. */
    OpenAiTestContext(System.Logger logger) {
        this(logger, CLIENT);
    }

    /** A context whose every logger is {@code logger} (null: the JDK's) and whose shared client is {@code client}. */
    OpenAiTestContext(System.Logger logger, HttpClient client) {
        this.logger = logger;
        this.client = client;
    }

    @Override
    public System.Logger logger(String name) {
        return logger == null ? System.getLogger(name) : logger;
    }

    @Override
    public Clock clock() {
        return clock;
    }

    @Override
    public ProcessRunner processRunner() {
        throw new UnsupportedOperationException("the OpenAI-compatible harness runs no process");
    }

    @Override
    public HttpClient httpClient() {
        return client;
    }

    @Override
    public Map<String, String> environment() {
        return Map.of();
    }
}
