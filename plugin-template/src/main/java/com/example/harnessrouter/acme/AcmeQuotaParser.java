package com.example.harnessrouter.acme;

import io.harnessrouter.api.DispatchResult;
import io.harnessrouter.api.QuotaHeaderParser;
import io.harnessrouter.api.QuotaObservation;
import io.harnessrouter.api.support.RateLimitText;
import java.time.Instant;
import java.util.Optional;

/**
 * Quota observations for Acme routes. The CLI prints no remaining-capacity figures, so only
 * failures say something: a {@code RATE_LIMITED}, {@code QUOTA_EXHAUSTED} or {@code AUTH} result
 * becomes an observation of that kind. It resets at the result's {@code resetAt}, else at
 * {@code now + retryAfter}, else at {@code now +} the wait named in the error text
 * ({@link RateLimitText#retryAfter}); without any of these the router's default cooldown applies.
 * Successes and other failures observe nothing.
 *
 * <p>A CLI that reports remaining requests would fill {@code remaining} and {@code limit} on
 * success too; an HTTP harness would use {@link io.harnessrouter.api.support.RateLimitHeaders}.
 *
 * <p>Stateless and thread-safe.
 */
public final class AcmeQuotaParser implements QuotaHeaderParser {

    /** The {@link QuotaObservation#source()} of every observation, shown in status output. */
    public static final String SOURCE = "acme-error";

    @Override
    public Optional<QuotaObservation> parse(DispatchResult result, Instant now) {
        QuotaObservation.Kind kind = switch (result.failureKind()) {
            case RATE_LIMITED -> QuotaObservation.Kind.RATE_LIMITED;
            case QUOTA_EXHAUSTED -> QuotaObservation.Kind.QUOTA_EXHAUSTED;
            case AUTH -> QuotaObservation.Kind.AUTH;
            default -> null;
        };
        if (kind == null) {
            return Optional.empty();
        }
        Optional<Instant> resetAt = result.resetAt()
                .or(() -> result.retryAfter().map(now::plus))
                .or(() -> RateLimitText.retryAfter(result.error()).map(now::plus));
        return Optional.of(QuotaObservation.builder(kind, now).resetAt(resetAt.orElse(null)).source(SOURCE).build());
    }
}
