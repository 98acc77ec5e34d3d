package io.harnessrouter.plugins.claudecode;

import io.harnessrouter.api.DispatchResult;
import io.harnessrouter.api.QuotaHeaderParser;
import io.harnessrouter.api.QuotaObservation;
import java.time.Instant;
import java.util.Optional;

/**
 * Quota observations for Claude Code routes. The CLI reports no remaining-capacity figures, so
 * only failures say something: a {@code RATE_LIMITED}, {@code QUOTA_EXHAUSTED} or {@code AUTH}
 * result becomes an observation of that kind, resetting at the result's {@code resetAt}, else at
 * {@code now + retryAfter} when the error named a wait. Successes and other failures observe
 * nothing.
 *
 * <p>Stateless and thread-safe.
 *
 * @since 0.1.0
 */
public final class ClaudeCodeQuotaParser implements QuotaHeaderParser {

    /** The {@link QuotaObservation#source()} of every observation. */
    public static final String SOURCE = "error-text";

    @Override
    public Optional<QuotaObservation> parse(DispatchResult result, Instant now) {
        QuotaObservation.Kind kind;
        switch (result.failureKind()) {
            case RATE_LIMITED -> kind = QuotaObservation.Kind.RATE_LIMITED;
            case QUOTA_EXHAUSTED -> kind = QuotaObservation.Kind.QUOTA_EXHAUSTED;
            case AUTH -> kind = QuotaObservation.Kind.AUTH;
            default -> {
                return Optional.empty();
            }
        }
        Optional<Instant> resetAt = result.resetAt().or(() -> result.retryAfter().map(now::plus));
        return Optional.of(QuotaObservation.builder(kind, now).resetAt(resetAt.orElse(null)).source(SOURCE).build());
    }
}
