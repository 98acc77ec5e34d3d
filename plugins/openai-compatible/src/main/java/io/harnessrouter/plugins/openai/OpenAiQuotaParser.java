package io.harnessrouter.plugins.openai;

import io.harnessrouter.api.DispatchResult;
import io.harnessrouter.api.QuotaHeaderParser;
import io.harnessrouter.api.QuotaObservation;
import io.harnessrouter.api.support.RateLimitHeaders;
import java.time.Instant;
import java.util.Optional;

/**
 * Reads capacity from the response headers of an OpenAI-compatible dispatch with
 * {@link RateLimitHeaders#observe}. The observation's kind follows the result: rate limited,
 * quota exhausted, auth failure, else {@code OK} (a server error or timeout says nothing about
 * capacity). When no reset header is present, the reset time is the result's retry-after (or its
 * own reset time). Stateless and thread-safe.
 */
final class OpenAiQuotaParser implements QuotaHeaderParser {

    @Override
    public Optional<QuotaObservation> parse(DispatchResult result, Instant now) {
        QuotaObservation.Kind kind = switch (result.failureKind()) {
            case RATE_LIMITED -> QuotaObservation.Kind.RATE_LIMITED;
            case QUOTA_EXHAUSTED -> QuotaObservation.Kind.QUOTA_EXHAUSTED;
            case AUTH -> QuotaObservation.Kind.AUTH;
            default -> QuotaObservation.Kind.OK;
        };
        return RateLimitHeaders.observe(result.headers(), now, kind).map(obs -> withReset(obs, result, now));
    }

    private static QuotaObservation withReset(QuotaObservation obs, DispatchResult result, Instant now) {
        if (obs.resetAt().isPresent()) {
            return obs;
        }
        Optional<Instant> reset = result.retryAfter().map(now::plus).or(result::resetAt);
        if (reset.isEmpty()) {
            return obs;
        }
        return obs.toBuilder().resetAt(reset.get()).build();
    }
}
