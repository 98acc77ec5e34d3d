package io.harnessrouter.host.plugins;

import io.harnessrouter.api.HarnessContext;
import io.harnessrouter.api.support.ProcessRunner;
import java.net.http.HttpClient;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import org.slf4j.LoggerFactory;

/**
 * The host's {@link HarnessContext}: SLF4J-backed loggers (stderr), a clock, the process runner the
 * host owns, one shared {@link HttpClient} made on first use (connect timeout 10 s, redirects
 * {@link HttpClient.Redirect#NORMAL NORMAL}: followed, but never from HTTPS to HTTP), and the
 * process environment, read-only.
 *
 * <p>One instance serves every plugin. Thread-safe.
 */
public final class DefaultHarnessContext implements HarnessContext {

    /** Connect timeout of the shared HTTP client. */
    public static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(10);

    private final ProcessRunner processRunner;
    private final Clock clock;
    private final Map<String, String> environment;
    private volatile HttpClient httpClient;

    /** A context on the system UTC clock and {@link System#getenv()}. */
    public DefaultHarnessContext(ProcessRunner processRunner) {
        this(processRunner, Clock.systemDefaultZone(), System.getenv());
    }

    /**
     * @param processRunner the runner plugins start child processes with; the host stops its
     *                      children at shutdown
     * @param clock         the clock plugins read (tests pass a fixed or settable one)
     * @param environment   the environment plugins see; copied
     */
    public DefaultHarnessContext(ProcessRunner processRunner, Clock clock, Map<String, String> environment) {
        this.processRunner = Objects.requireNonNull(processRunner, "processRunner");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.environment = Map.copyOf(environment);
    }

    @Override
    public System.Logger logger(String name) {
        return new Slf4jSystemLogger(LoggerFactory.getLogger(name));
    }

    @Override
    public Clock clock() {
        return clock;
    }

    @Override
    public ProcessRunner processRunner() {
        return processRunner;
    }

    @Override
    public HttpClient httpClient() {
        HttpClient client = httpClient;
        if (client == null) {
            synchronized (this) {
                client = httpClient;
                if (client == null) {
                    client = HttpClient.newBuilder()
                            .connectTimeout(CONNECT_TIMEOUT)
                            .followRedirects(HttpClient.Redirect.NORMAL)
                            .build();
                    httpClient = client;
                }
            }
        }
        return client;
    }

    @Override
    public Map<String, String> environment() {
        return environment;
    }
}
