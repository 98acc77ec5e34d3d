package io.harnessrouter.api;

import java.util.Optional;

/**
 * Turns what one dispatch saw — HTTP response headers, a CLI's error text, its exit code and
 * failure kind, all carried by the {@link DispatchResult} — into a {@link QuotaObservation}.
 *
 * <p>The router calls it after every attempt of the harness's routes, success or failure, and
 * stores a non-empty observation as the route's latest. Return empty when the result says
 * nothing about capacity. Most plugins compose
 * {@link io.harnessrouter.api.support.RateLimitHeaders} and
 * {@link io.harnessrouter.api.support.RateLimitText}.
 *
 * <p>Thread-safety: stateless; called concurrently.
 *
 * @since 0.1.0
 */
@FunctionalInterface
public interface QuotaHeaderParser {

    /** A parser that never observes anything. */
    QuotaHeaderParser NONE = (result, now) -> Optional.empty();

    /**
     * @param result the attempt's result
     * @param now    the time the attempt ended (from the host's clock), for relative reset values
     */
    Optional<QuotaObservation> parse(DispatchResult result, java.time.Instant now);
}
