package io.harnessrouter.plugins.openai;

import io.harnessrouter.api.DispatchResult;
import io.harnessrouter.api.QuotaHeaderParser;
import io.harnessrouter.api.QuotaObservation;
import io.harnessrouter.api.support.FailureQuota;
import io.harnessrouter.api.support.RateLimitHeaders;
import java.time.Instant;
import java.util.Optional;

/**
 * Reads capacity from the response headers of an OpenAI-compatible dispatch with
 * {@link RateLimitHeaders#observe}. The observation's kind follows the result
 * ({@link FailureQuota#kindOf}): rate limited, quota exhausted, auth failure, else {@code OK} (a
 * server error or timeout says nothing about capacity). When no reset header is present, the
 * reset time is the one the result gives ({@link FailureQuota#resetAt}). Stateless and thread-safe.
 */
final class OpenAiQuotaParser implements QuotaHeaderParser {

    @Override
    public Optional<QuotaObservation> parse(DispatchResult result, Instant now) {
        return RateLimitHeaders.observe(result.headers(), now, FailureQuota.kindOf(result))
                .map(obs -> obs.resetAt().isPresent() ? obs
                        : obs.toBuilder().resetAt(FailureQuota.resetAt(result, now).orElse(null)).build());
    }
}
