package io.harnessrouter.api.testkit;

import io.harnessrouter.api.HarnessContext;
import io.harnessrouter.api.support.DefaultProcessRunner;
import io.harnessrouter.api.support.ProcessRunner;
import java.io.File;
import java.net.http.HttpClient;
import java.nio.file.Path;
import java.text.MessageFormat;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.ResourceBundle;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A {@link HarnessContext} for plugin tests: a settable clock, a real
 * {@link DefaultProcessRunner}, a JDK {@link HttpClient}, an environment you control and a logger
 * that records every line in memory, so a test can assert what was (and was not, such as a
 * secret) logged.
 *
 * <pre>{@code
 * Path bin = FakeClis.install("claude", tempDir).getParent();
 * try (TestHarnessContext ctx = TestHarnessContext.builder()
 *         .prependPath(bin)
 *         .env("FAKE_CLAUDE_MODE", "rate_limit")
 *         .build()) {
 *     ...
 * }
 * }</pre>
 *
 * <p>Defaults: clock = a {@link MutableClock} at {@link #DEFAULT_INSTANT}; environment =
 * {@link System#getenv()} plus the builder's overrides; process runner = a
 * {@code DefaultProcessRunner} whose children start from that environment; HTTP client = HTTP/1.1,
 * no redirects, 5 s connect timeout (created on first use).
 *
 * <p>Thread-safety: safe for concurrent use, like the host's context. {@link #close()} closes
 * the default process runner (killing anything still running).
 *
 * @since 0.1.0
 */
public final class TestHarnessContext implements HarnessContext, AutoCloseable {

    /** Where the default clock starts: 2026-01-01T00:00:00Z. */
    public static final Instant DEFAULT_INSTANT = Instant.parse("2026-01-01T00:00:00Z");

    private final Clock clock;
    private final Map<String, String> environment;
    private final ProcessRunner processRunner;
    private final boolean ownsRunner;
    private final HttpClient configuredHttp;
    private final List<String> logLines = new CopyOnWriteArrayList<>();
    private volatile HttpClient http;

    private TestHarnessContext(Builder b) {
        this.clock = b.clock;
        this.environment = Map.copyOf(b.environment);
        this.ownsRunner = b.processRunner == null;
        this.processRunner = ownsRunner ? new DefaultProcessRunner(environment) : b.processRunner;
        this.configuredHttp = b.httpClient;
    }

    /** A context with every default. */
    public static TestHarnessContext create() {
        return builder().build();
    }

    /** Starts a context with the defaults listed on the class. */
    public static Builder builder() {
        return new Builder();
    }

    @Override
    public System.Logger logger(String name) {
        return new RecordingLogger(name, logLines);
    }

    @Override
    public Clock clock() {
        return clock;
    }

    /**
     * The default settable clock.
     *
     * @throws IllegalStateException when the builder was given another kind of clock
     */
    public MutableClock mutableClock() {
        if (clock instanceof MutableClock m) {
            return m;
        }
        throw new IllegalStateException("this context was built with " + clock + ", not a MutableClock");
    }

    @Override
    public ProcessRunner processRunner() {
        return processRunner;
    }

    @Override
    public HttpClient httpClient() {
        HttpClient c = http;
        if (c == null) {
            synchronized (this) {
                c = http;
                if (c == null) {
                    c = configuredHttp != null ? configuredHttp : HttpClient.newBuilder()
                            .version(HttpClient.Version.HTTP_1_1)
                            .followRedirects(HttpClient.Redirect.NEVER)
                            .connectTimeout(Duration.ofSeconds(5))
                            .build();
                    http = c;
                }
            }
        }
        return c;
    }

    @Override
    public Map<String, String> environment() {
        return environment;
    }

    /** Every line logged so far, oldest first, as {@code LEVEL logger-name: message}. */
    public List<String> logLines() {
        return List.copyOf(logLines);
    }

    /** All logged lines joined with newlines, for {@code contains} assertions. */
    public String logText() {
        return String.join("\n", logLines);
    }

    /** Closes the default process runner, killing any child still running. */
    @Override
    public void close() {
        if (ownsRunner && processRunner instanceof DefaultProcessRunner d) {
            d.close();
        }
    }

    /** Builds {@link TestHarnessContext}s. Not thread-safe. */
    public static final class Builder {
        private Clock clock = new MutableClock(DEFAULT_INSTANT);
        private final Map<String, String> environment = new HashMap<>(System.getenv());
        private ProcessRunner processRunner;
        private HttpClient httpClient;

        private Builder() {
        }

        /** The clock plugins read; default a {@link MutableClock} at {@link #DEFAULT_INSTANT}. */
        public Builder clock(Clock value) {
            this.clock = Objects.requireNonNull(value, "clock");
            return this;
        }

        /** Sets (or overrides) one environment variable. */
        public Builder env(String name, String value) {
            environment.put(Objects.requireNonNull(name, "name"), Objects.requireNonNull(value, "value"));
            return this;
        }

        /** Sets several environment variables on top of what is there. */
        public Builder env(Map<String, String> values) {
            environment.putAll(values);
            return this;
        }

        /** Removes an inherited variable, for example a real API key that must not leak into a test. */
        public Builder withoutEnv(String name) {
            environment.remove(name);
            return this;
        }

        /** Starts from an empty environment instead of {@link System#getenv()}. */
        public Builder clearEnvironment() {
            environment.clear();
            return this;
        }

        /** Puts {@code dir} first on {@code PATH}, where fake CLIs are found before real ones. */
        public Builder prependPath(Path dir) {
            String path = environment.get("PATH");
            environment.put("PATH", path == null || path.isEmpty() ? dir.toString()
                    : dir + File.pathSeparator + path);
            return this;
        }

        /** Uses this runner instead of a {@code DefaultProcessRunner} (which {@link #close()} then leaves alone). */
        public Builder processRunner(ProcessRunner value) {
            this.processRunner = value;
            return this;
        }

        /** Uses this HTTP client instead of the default one. */
        public Builder httpClient(HttpClient value) {
            this.httpClient = value;
            return this;
        }

        public TestHarnessContext build() {
            return new TestHarnessContext(this);
        }
    }

    /**
     * A clock tests move by hand. Starts at the given instant and stands still until
     * {@link #set} or {@link #advance} is called. Thread-safe.
     */
    public static final class MutableClock extends Clock {
        private volatile Instant now;
        private final ZoneId zone;

        public MutableClock(Instant start) {
            this(start, ZoneOffset.UTC);
        }

        private MutableClock(Instant start, ZoneId zone) {
            this.now = Objects.requireNonNull(start, "start");
            this.zone = zone;
        }

        /** Moves the clock to {@code instant}. */
        public void set(Instant instant) {
            this.now = Objects.requireNonNull(instant, "instant");
        }

        /** Moves the clock forward by {@code amount}. */
        public synchronized void advance(Duration amount) {
            this.now = now.plus(amount);
        }

        @Override
        public ZoneId getZone() {
            return zone;
        }

        @Override
        public Clock withZone(ZoneId newZone) {
            return new MutableClock(now, newZone);
        }

        @Override
        public Instant instant() {
            return now;
        }

        @Override
        public String toString() {
            return "MutableClock[" + now + "]";
        }
    }

    /** Records every line; all levels are loggable. */
    private static final class RecordingLogger implements System.Logger {
        private final String name;
        private final List<String> sink;

        RecordingLogger(String name, List<String> sink) {
            this.name = name;
            this.sink = sink;
        }

        @Override
        public String getName() {
            return name;
        }

        @Override
        public boolean isLoggable(Level level) {
            return level != Level.OFF;
        }

        @Override
        public void log(Level level, ResourceBundle bundle, String msg, Throwable thrown) {
            sink.add(level.getName() + " " + name + ": " + msg + (thrown == null ? "" : " (" + thrown + ")"));
        }

        @Override
        public void log(Level level, ResourceBundle bundle, String format, Object... params) {
            String msg = params == null || params.length == 0 ? format : MessageFormat.format(format, params);
            sink.add(level.getName() + " " + name + ": " + msg);
        }
    }
}
