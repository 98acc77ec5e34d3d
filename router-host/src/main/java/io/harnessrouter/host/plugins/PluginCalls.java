package io.harnessrouter.host.plugins;

import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;

/**
 * Calls plugin code with a time limit, so a factory, constructor or probe that hangs costs its
 * own plugin the call and never the host its thread. A call that times out is left running on a
 * daemon thread (Java cannot stop it) and reported as a {@link PluginCallException}; so is one
 * that returns null. One that throws rethrows the plugin's own unchecked exception. Thread-safe.
 */
final class PluginCalls {

    /** How long a plugin's factory or descriptive method may take: far above any honest one. */
    static final Duration DEFAULT_LIMIT = Duration.ofSeconds(5);

    private static final ExecutorService POOL = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "plugin-call");
        t.setDaemon(true);
        return t;
    });

    private PluginCalls() {
    }

    /**
     * Runs {@code call} and returns its non-null result within {@code limit}.
     *
     * @param what how the failure names the call, for example {@code harness acme: dispatcher()}
     * @throws PluginCallException when the call returns null or takes longer than {@code limit}
     *                             (an unchecked exception of the plugin's is rethrown as it is)
     */
    static <T> T call(String what, Duration limit, Supplier<T> call) {
        Future<T> future = POOL.submit(call::get);
        T result;
        try {
            result = future.get(limit.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            future.cancel(true);
            throw new PluginCallException(what + " did not return within " + seconds(limit));
        } catch (ExecutionException e) {
            // The plugin's own exception, unwrapped, so callers report it as if called directly.
            if (e.getCause() instanceof RuntimeException runtime) {
                throw runtime;
            }
            if (e.getCause() instanceof Error error) {
                throw error;
            }
            throw new PluginCallException(what + " failed: " + Failures.describe(e.getCause()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            future.cancel(true);
            throw new PluginCallException(what + " was interrupted");
        }
        if (result == null) {
            throw new PluginCallException(what + " returned null");
        }
        return result;
    }

    private static String seconds(Duration limit) {
        return limit.toMillis() % 1000 == 0 ? limit.toSeconds() + " s" : limit.toMillis() + " ms";
    }
}
