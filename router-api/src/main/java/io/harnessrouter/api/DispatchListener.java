package io.harnessrouter.api;

/**
 * Receives streamed {@link DispatchEvent}s while an attempt runs.
 *
 * <p>Implementations must be thread-safe and quick: a dispatcher may call it from a reader thread
 * for every line. A listener that throws is ignored by well-behaved dispatchers (the support
 * helpers catch and drop such exceptions), so it cannot break an attempt.
 *
 * @since 0.1.0
 */
@FunctionalInterface
public interface DispatchListener {

    /** A listener that drops every event. */
    DispatchListener NONE = event -> { };

    void onEvent(DispatchEvent event);
}
