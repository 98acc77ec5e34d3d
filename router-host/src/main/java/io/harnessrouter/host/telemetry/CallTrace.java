package io.harnessrouter.host.telemetry;

import io.harnessrouter.host.routing.FanoutOutcome;
import io.harnessrouter.host.routing.RouteListener;
import io.harnessrouter.host.routing.RouteOutcome;
import io.harnessrouter.host.routing.RouteRequest;

/**
 * The trace of one {@code code} tool call: the tool-call span, the route-decision span under it
 * and, through the listener {@link #route} returns, a dispatch span per attempt under that. With
 * tracing off every method is a no-op and {@link #route} hands back the caller's listener itself.
 *
 * <p>Nothing here records prompt text, file contents, CLI output or error text: only ids, model
 * keys, tiers, outcomes, failure kinds, durations and token counts.
 *
 * <p>Thread-safety: one call's trace is driven by the thread serving the call; the listener from
 * {@link #route} is safe for fanout's concurrent attempts.
 */
public interface CallTrace {

    CallTrace NONE = new CallTrace() { };

    /** Records how the call ended; the last value before {@link #end} counts. */
    default void outcome(CallOutcome outcome) {
    }

    /**
     * Starts the route-decision span for {@code request}.
     *
     * @param progress the listener the router would otherwise get (progress notifications)
     * @return the listener to pass to the router: {@code progress}, plus a dispatch span per attempt
     */
    default RouteListener route(RouteRequest request, boolean fanout, RouteListener progress) {
        return progress;
    }

    /** Ends the decision span of a single-mode walk and sets the call's outcome from it. */
    default void routed(RouteOutcome outcome) {
    }

    /** Ends the decision span of a fanout and sets the call's outcome from it. */
    default void routed(FanoutOutcome outcome) {
    }

    /** Ends the tool-call span; {@link CallOutcome#FAULT} when no outcome was recorded. */
    default void end() {
    }
}
