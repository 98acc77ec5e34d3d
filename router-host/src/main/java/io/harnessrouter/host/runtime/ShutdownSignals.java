package io.harnessrouter.host.runtime;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import sun.misc.Signal;

/**
 * SIGTERM and SIGINT end the server with exit code 0 after cleaning up (the JVM's default would
 * be 143/130). The cleanup also runs as a shutdown hook for any other exit path.
 */
final class ShutdownSignals {
    private static final Logger LOG = LoggerFactory.getLogger(ShutdownSignals.class);

    private ShutdownSignals() {
    }

    static void onTermination(Runnable cleanup) {
        Thread hook = new Thread(cleanup, "harness-router-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        for (String name : new String[] {"TERM", "INT"}) {
            try {
                Signal.handle(new Signal(name), sig -> {
                    LOG.info("SIG{} received, shutting down", name);
                    System.exit(0);
                });
            } catch (IllegalArgumentException | UnsupportedOperationException e) {
                LOG.debug("cannot handle SIG{}: {}", name, e.toString());
            }
        }
    }
}
