package io.harnessrouter.api;

/**
 * Runs one prompt on one route: one CLI invocation or one HTTP request. Created per route by
 * {@link Harness#dispatcher}.
 *
 * <p>Contract the router relies on:
 * <ul>
 *   <li>{@link #dispatch} blocks until the attempt ends and <em>returns</em> every outcome as a
 *       {@link DispatchResult}: timeouts, a missing binary, a refused connection, unparsable
 *       output. It throws only for bugs. The router moves on to the next route whatever the
 *       result says.</li>
 *   <li>The dispatcher does not retry. Retrying and failing over is the router's job; set the
 *       CLI's own retry count to zero where the CLI allows it.</li>
 *   <li>When the calling thread is interrupted (the MCP client cancelled, the server is shutting
 *       down) the dispatcher stops the work promptly — the process runner kills the whole process
 *       tree — and returns a failed result.</li>
 *   <li>Streamed events go to the listener as they arrive, on the dispatching thread or a reader
 *       thread; the listener is thread-safe.</li>
 * </ul>
 *
 * <p>Thread-safety: one dispatcher serves concurrent calls; keep per-call state local.
 *
 * @since 0.1.0
 */
public interface Dispatcher {

    /** The route this dispatcher serves. */
    RouteSpec route();

    /**
     * Whether the route can be tried now: the binary is on {@code PATH} and executable, the base
     * URL is set, the settings are understood. Cheap; called on every routing decision, so cache
     * anything slow.
     */
    Availability availability();

    /** Runs the request. Never returns null. */
    DispatchResult dispatch(DispatchRequest request, DispatchListener listener);
}
