package io.harnessrouter.api;

import java.time.Duration;
import java.util.Optional;

/**
 * Checks one harness for {@code harness-router doctor}: is the CLI installed (where, which
 * version) and is it logged in. It must not spend quota: the live check that a route's model is
 * accepted is done by the host, which dispatches {@link #liveProbePrompt()} through the route's
 * own {@link Dispatcher} with the route's model.
 *
 * <p>Thread-safety: safe to call concurrently for different commands.
 *
 * @since 0.1.0
 */
public interface DoctorProbe {

    /** The prompt the host sends through a route to prove it works end to end. */
    default String liveProbePrompt() {
        return "Reply with only the single word: ok";
    }

    /**
     * Checks installation and authentication.
     *
     * @param command the binary to check (the route's {@code command} or the harness default);
     *                empty for HTTP harnesses
     * @param timeout how long the version and auth checks may take in total
     */
    ProbeReport check(Optional<String> command, Duration timeout);
}
