package io.harnessrouter.api;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalLong;

/**
 * What one dispatch revealed about a route's remaining capacity. The router stores the latest
 * observation per route (shared by every process through the state database), scores subscription
 * routes with {@link #score()} and shows it in status output.
 *
 * @param remaining  requests or tokens left in the current window, when reported
 * @param limit      the window's size, when reported
 * @param used       how much of the window is used, when reported instead of {@code remaining}
 * @param resetAt    when the window resets, when known
 * @param kind       what the observation says about the route right now
 * @param source     where it came from, for status output: {@code headers}, {@code error-text}, ...
 * @param observedAt when the dispatch ended
 * @since 0.1.0
 */
public record QuotaObservation(
        OptionalLong remaining,
        OptionalLong limit,
        OptionalLong used,
        Optional<Instant> resetAt,
        Kind kind,
        String source,
        Instant observedAt) {

    /** What the observation says about the route right now. */
    public enum Kind {
        /** Capacity figures only; the route worked. */
        OK,
        /** Short-term rate limit hit. */
        RATE_LIMITED,
        /** Quota, credit or plan usage exhausted until {@code resetAt}. */
        QUOTA_EXHAUSTED,
        /** Authentication failed: not logged in, bad key. */
        AUTH,
        /** Something else worth recording. */
        OTHER
    }

    public QuotaObservation {
        remaining = remaining == null ? OptionalLong.empty() : remaining;
        limit = limit == null ? OptionalLong.empty() : limit;
        used = used == null ? OptionalLong.empty() : used;
        resetAt = resetAt == null ? Optional.empty() : resetAt;
        Objects.requireNonNull(kind, "kind");
        source = source == null ? "" : source;
        Objects.requireNonNull(observedAt, "observedAt");
    }

    /**
     * The share of capacity left, 0..1: {@code remaining/limit}, else {@code (limit-used)/limit},
     * else empty (the router then assumes 1.0). An exhausted observation scores 0.
     */
    public OptionalDouble score() {
        if (kind == Kind.QUOTA_EXHAUSTED || kind == Kind.RATE_LIMITED) {
            return OptionalDouble.of(0.0);
        }
        if (limit.isPresent() && limit.getAsLong() > 0) {
            double lim = limit.getAsLong();
            if (remaining.isPresent()) {
                return OptionalDouble.of(clamp(remaining.getAsLong() / lim));
            }
            if (used.isPresent()) {
                return OptionalDouble.of(clamp((lim - used.getAsLong()) / lim));
            }
        }
        return OptionalDouble.empty();
    }

    /** True when the observation carries no figures and no verdict worth storing. */
    public boolean isEmpty() {
        return kind == Kind.OK && remaining.isEmpty() && limit.isEmpty() && used.isEmpty()
                && resetAt.isEmpty();
    }

    private static double clamp(double v) {
        return Math.max(0.0, Math.min(1.0, v));
    }
}
