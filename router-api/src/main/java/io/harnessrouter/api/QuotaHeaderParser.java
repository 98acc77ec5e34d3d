package io.harnessrouter.api;

import java.util.Optional;

/**
 * Turns what one dispatch saw — HTTP response headers, a CLI's error text, its exit code and
 * failure kind, all carried by the {@link DispatchResult} — into a {@link QuotaObservation}.
 *
 * <p>The router calls it after every attempt of the harness's routes, success or failure, and
 * stores a non-empty observation as the route's latest. Return empty when the result says
 * nothing about capacity. {@link Harness#quotaHeaderParser()} defaults to
 * {@link io.harnessrouter.api.support.FailureQuota#PARSER}, which observes the failure kind and
 * reset time of any result; a plugin whose CLI or API reports figures composes
 * {@link io.harnessrouter.api.support.RateLimitHeaders} with
 * {@link io.harnessrouter.api.support.FailureQuota}.
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
