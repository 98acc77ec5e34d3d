package io.harnessrouter.host.quota;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * A request limit the router inferred for a scope with none declared: it was refused (quota
 * exhausted, or rate limited with a reset at least {@link #MIN_RESET_DISTANCE} away) after serving
 * {@code requests} in the last {@code period}. An estimate, shown as one.
 */
public record LearnedLimit(String scope, long requests, Duration period, Instant learnedAt) {

    /** The period a learned limit covers: the 5-hour window of Claude and Codex subscriptions. */
    public static final Duration DEFAULT_PERIOD = Duration.ofHours(5);

    /**
     * A rate limit whose reset is nearer than this is a per-minute throttle, not a spent window:
     * nothing is learned from it.
     */
    public static final Duration MIN_RESET_DISTANCE = Duration.ofMinutes(15);

    public LearnedLimit {
        Objects.requireNonNull(scope, "scope");
        Objects.requireNonNull(period, "period");
        Objects.requireNonNull(learnedAt, "learnedAt");
    }

    public QuotaWindow window() {
        return new QuotaWindow(Measure.REQUESTS, Math.max(1, requests), new Period.Rolling(period),
                java.util.Optional.of(learnedAt));
    }
}
