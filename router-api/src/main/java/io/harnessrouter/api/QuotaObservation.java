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
 * <p><b>Build it with {@link #builder(Kind, Instant)}.</b> The record's components are append-only:
 * a later API version may add a component at the end, never remove, reorder or retype one, and
 * keeps each earlier canonical constructor as an overload that fills the new component with its
 * default. A plugin that calls the builder keeps working unchanged when a component is added; the
 * constructor stays for source compatibility only.
 *
 * @param remaining  requests or tokens left in the current window, when reported
 * @param limit      the window's size, when reported
 * @param used       how much of the window is used, when reported instead of {@code remaining}
 * @param resetAt    when the window resets, when known
 * @param kind       what the observation says about the route right now
 * @param source     where it came from, for status output: {@code headers}, {@code result} (derived from the failure), ...
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
     * Starts an observation of {@code kind} made at {@code observedAt}: no figures, no reset time
     * and an empty source until set.
     *
     * @since 0.1.0
     */
    public static Builder builder(Kind kind, Instant observedAt) {
        return new Builder(Objects.requireNonNull(kind, "kind"), Objects.requireNonNull(observedAt, "observedAt"));
    }

    /**
     * A builder preset with this observation's values.
     *
     * @since 0.1.0
     */
    public Builder toBuilder() {
        Builder b = new Builder(kind, observedAt).source(source);
        b.remaining = remaining;
        b.limit = limit;
        b.used = used;
        b.resetAt = resetAt.orElse(null);
        return b;
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

    /**
     * Builds {@link QuotaObservation}s; a setter left uncalled keeps the default stated on
     * {@link QuotaObservation#builder(Kind, Instant)}. Not thread-safe.
     *
     * @since 0.1.0
     */
    public static final class Builder {
        private Kind kind;
        private final Instant observedAt;
        private OptionalLong remaining = OptionalLong.empty();
        private OptionalLong limit = OptionalLong.empty();
        private OptionalLong used = OptionalLong.empty();
        private Instant resetAt;
        private String source = "";

        private Builder(Kind kind, Instant observedAt) {
            this.kind = kind;
            this.observedAt = observedAt;
        }

        /** Requests or tokens left in the window. */
        public Builder remaining(long value) {
            this.remaining = OptionalLong.of(value);
            return this;
        }

        /** The window's size. */
        public Builder limit(long value) {
            this.limit = OptionalLong.of(value);
            return this;
        }

        /** How much of the window is used, when reported instead of {@code remaining}. */
        public Builder used(long value) {
            this.used = OptionalLong.of(value);
            return this;
        }

        /** When the window resets; {@code null} clears it. */
        public Builder resetAt(Instant value) {
            this.resetAt = value;
            return this;
        }

        /** Another verdict, for a parser that refines one it started from. */
        public Builder kind(Kind value) {
            this.kind = Objects.requireNonNull(value, "kind");
            return this;
        }

        /** Where the observation came from: {@code headers}, {@code result} (derived from the failure), ... */
        public Builder source(String value) {
            this.source = value == null ? "" : value;
            return this;
        }

        public QuotaObservation build() {
            return new QuotaObservation(remaining, limit, used, Optional.ofNullable(resetAt), kind, source,
                    observedAt);
        }
    }
}
