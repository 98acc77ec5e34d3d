package io.harnessrouter.api.support;

import io.harnessrouter.api.DispatchResult;
import io.harnessrouter.api.QuotaHeaderParser;
import io.harnessrouter.api.QuotaObservation;
import java.time.Instant;
import java.util.Optional;

/**
 * The quota observation a dispatch result gives without any figures: its failure kind, and when
 * the route will have capacity again. This is what {@link io.harnessrouter.api.Harness#quotaHeaderParser()}
 * returns unless a harness overrides it, so a plugin writes its own {@link QuotaHeaderParser}
 * only when its CLI or API reports real figures (remaining, limit, used), and then composes
 * {@link RateLimitHeaders} with {@link #kindOf} and {@link #resetAt} as it needs.
 *
 * <p>Thread-safety: stateless.
 *
 * @since 0.1.0
 */
public final class FailureQuota {

    /** The {@link QuotaObservation#source()} of an observation derived from a result. */
    public static final String SOURCE = "result";

    /** {@link #observe(DispatchResult, Instant)} as a parser. */
    public static final QuotaHeaderParser PARSER = FailureQuota::observe;

    private FailureQuota() {
    }

    /**
     * The observation a result gives: rate limited, quota exhausted or auth, with
     * {@link #resetAt}; empty for a success and for any other failure (they say nothing about
     * capacity), so the route's last figures stay.
     *
     * @since 0.1.0
     */
    public static Optional<QuotaObservation> observe(DispatchResult result, Instant now) {
        QuotaObservation.Kind kind = kindOf(result);
        if (kind == QuotaObservation.Kind.OK) {
            return Optional.empty();
        }
        return Optional.of(QuotaObservation.builder(kind, now).resetAt(resetAt(result, now).orElse(null))
                .source(SOURCE).build());
    }

    /**
     * The observation kind of a result's failure kind: {@code RATE_LIMITED},
     * {@code QUOTA_EXHAUSTED} and {@code AUTH} map to the kinds of the same name; anything else,
     * success included, is {@link QuotaObservation.Kind#OK} (figures only, no verdict).
     *
     * @since 0.1.0
     */
    public static QuotaObservation.Kind kindOf(DispatchResult result) {
        switch (result.failureKind()) {
            case RATE_LIMITED:
                return QuotaObservation.Kind.RATE_LIMITED;
            case QUOTA_EXHAUSTED:
                return QuotaObservation.Kind.QUOTA_EXHAUSTED;
            case AUTH:
                return QuotaObservation.Kind.AUTH;
            default:
                return QuotaObservation.Kind.OK;
        }
    }

    /**
     * When the route has capacity again, as the result says: the later of its
     * {@link DispatchResult#resetAt()} and {@code now +} {@link DispatchResult#retryAfter()} (the
     * breaker opens until the same time), else the wait its error text names
     * ({@link RateLimitText#retryAfter}), else empty.
     *
     * @since 0.1.0
     */
    public static Optional<Instant> resetAt(DispatchResult result, Instant now) {
        Optional<Instant> afterWait = result.retryAfter().map(now::plus);
        if (result.resetAt().isPresent() && afterWait.isPresent()) {
            Instant a = result.resetAt().get();
            return Optional.of(a.isAfter(afterWait.get()) ? a : afterWait.get());
        }
        return result.resetAt().or(() -> afterWait).or(() -> RateLimitText.retryAfter(result.error()).map(now::plus));
    }
}
