package io.harnessrouter.host.runtime;

import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import sun.misc.Signal;

/**
 * SIGTERM and SIGINT end the server with exit code 0 after cleaning up (the JVM's default would
 * be 143/130).
 */
public final class ShutdownSignals {
    private static final Logger LOG = LoggerFactory.getLogger(ShutdownSignals.class);

    private ShutdownSignals() {
    }

    /**
     * SIGTERM and SIGINT call {@code request} with the signal's name (the caller's main thread
     * then shuts down and exits 0); {@code lastResort} runs as a shutdown hook for any other way
     * the JVM ends (and again, harmlessly, after a normal shutdown: it must be idempotent).
     */
    public static void onTermination(Consumer<String> request, Runnable lastResort) {
        Runtime.getRuntime().addShutdownHook(new Thread(lastResort, "harness-router-shutdown"));
        for (String name : new String[] {"TERM", "INT"}) {
            try {
                Signal.handle(new Signal(name), sig -> {
                    LOG.info("SIG{} received, shutting down", name);
                    request.accept("SIG" + name);
                });
            } catch (IllegalArgumentException | UnsupportedOperationException e) {
                LOG.debug("cannot handle SIG{}: {}", name, e.toString());
            }
        }
    }
}
