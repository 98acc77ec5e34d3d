package io.harnessrouter.api;

import io.harnessrouter.api.support.ProcessRunner;
import java.net.http.HttpClient;
import java.time.Clock;
import java.util.Map;

/**
 * What the host lends a plugin. Plugins use these instead of their own logger, clock, process
 * launcher or HTTP client, so the host can log to the right place (never stdout in stdio mode),
 * tests can set the clock, and every child process is tracked and killed with its tree.
 *
 * <p>Thread-safety: every method may be called from any thread; the returned objects are
 * thread-safe.
 *
 * @since 0.1.0
 */
public interface HarnessContext {

    /** A logger for the named component; the host sends it to stderr or its log file, never stdout. */
    System.Logger logger(String name);

    /**
     * The clock to read for durations, reset times and retry-after dates. Its zone is the
     * machine's (the host's clock is {@link Clock#systemDefaultZone()}), so a reset time a CLI
     * prints in local time ("try again at 3:05 PM") reads right with {@code clock().getZone()}.
     */
    Clock clock();

    /** Runs child processes with a timeout, whole-tree kill and bounded capture. */
    ProcessRunner processRunner();

    /** A shared HTTP client (HTTP/1.1 and 2, no redirects to other schemes, connect timeout set). */
    HttpClient httpClient();

    /**
     * The environment the host runs in (read-only). Child processes inherit it; a dispatcher adds
     * its own variables through {@link io.harnessrouter.api.support.ProcessSpec}.
     */
    Map<String, String> environment();
}
