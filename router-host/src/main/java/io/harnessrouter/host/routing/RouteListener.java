package io.harnessrouter.host.routing;

import io.harnessrouter.api.DispatchEvent;
import io.harnessrouter.api.DispatchResult;

/**
 * Sees a walk as it happens: each attempt as it starts and every streamed event. The MCP layer
 * turns these into progress notifications. Must be thread-safe (fanout calls it concurrently) and
 * must not throw.
 */
public interface RouteListener {

    RouteListener NONE = new RouteListener() { };

    /** An attempt on {@code decision.routeId()} is about to start. */
    default void onAttemptStart(RouteDecision decision) {
    }

    /** A streamed event from the attempt on {@code routeId}. */
    default void onEvent(String routeId, DispatchEvent event) {
    }

    /** The attempt ended; {@code attempt} is its trace line. */
    default void onAttemptEnd(Attempt attempt) {
    }

    /**
     * The attempt ended with {@code result} (what the dispatcher returned, for token counts and
     * the exit code); the router calls this one. By default it calls {@link #onAttemptEnd(Attempt)}.
     */
    default void onAttemptEnd(Attempt attempt, DispatchResult result) {
        onAttemptEnd(attempt);
    }
}
