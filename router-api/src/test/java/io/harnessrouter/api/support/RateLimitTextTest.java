package io.harnessrouter.api.support;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.harnessrouter.api.FailureKind;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Error texts below are the ones real CLIs printed (see the reference notes on real CLIs). */
class RateLimitTextTest {

    @ParameterizedTest
    @ValueSource(strings = {
        "Rate limit reached", "RATE-LIMIT hit", "client ratelimited", "RateLimitError: slow down",
        "429 Too Many Requests", "Quota exceeded. Check your plan", "usage limit",
        "RESOURCE_EXHAUSTED", "API Error: Request rejected (429) · overloaded",
        "status: 429", "{\"code\":429}", "code=429", "[429] nope", "429"
    })
    void detectsEveryNpmRateLimitSignal(String text) {
        assertTrue(RateLimitText.isRateLimited(text), text);
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "request id 14290 failed", "port 4290", "error=1429", "all good", "Credit balance is too low",
        "You have exhausted your daily quota on this model."
    })
    void ignoresTextWithoutAnNpmRateLimitSignal(String text) {
        assertFalse(RateLimitText.isRateLimited(text), text);
    }

    @Test
    void treatsNullAndEmptyAsNoSignal() {
        assertFalse(RateLimitText.isRateLimited(null));
        assertFalse(RateLimitText.isRateLimited(""));
        assertEquals(Optional.empty(), RateLimitText.retryAfter(null));
        assertEquals(FailureKind.OTHER, RateLimitText.classify(null));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "retry-after: 30|30000",
        "Retry after 42 seconds|42000",
        "retry_after: 12.5|12500",
        "Retry-After: 7|7000",
        "Resource has been exhausted (e.g. check quota).\\nSuggested retry after 1s.|1000",
        "Please try again in 30 seconds.|30000",
        "try again in 2m|120000",
        "retry after 500ms|500",
        "try again in 1 hour|3600000",
        "retry-after: 5 more times|5000",
    })
    void readsTheRequestedWait(String text, long millis) {
        assertEquals(Optional.of(Duration.ofMillis(millis)), RateLimitText.retryAfter(text.replace("\\n", "\n")));
    }

    @ParameterizedTest
    @ValueSource(strings = {"try again later", "retry later", "after 30 seconds", "retry-after: soon"})
    void findsNoWaitWhenNoneIsNamed(String text) {
        assertEquals(Optional.empty(), RateLimitText.retryAfter(text));
    }

    @ParameterizedTest(name = "{0} → {1}")
    @CsvSource(delimiter = '|', value = {
        // Claude Code 2.1.330 result texts
        "API Error: Request rejected (429) · Rate limit reached for requests|RATE_LIMITED",
        "Credit balance is too low|QUOTA_EXHAUSTED",
        "Not logged in · Please run /login|AUTH",
        "Invalid API key · Fix external API key|AUTH",
        "API Error: 529 Overloaded. This is a server-side issue, usually temporary|UNAVAILABLE",
        "API Error: Can't reach the API server — check your internet or DNS (ENOTFOUND)|OTHER",
        "Claude AI usage limit reached, resets at 1760000000|QUOTA_EXHAUSTED",
        // Codex 0.169.0 turn.failed messages
        "exceeded retry limit, last status: 429 Too Many Requests|RATE_LIMITED",
        "Quota exceeded. Check your plan and billing details.|QUOTA_EXHAUSTED",
        "You’ve hit your usage limit. Upgrade to Pro or try again later.|QUOTA_EXHAUSTED",
        "unexpected status 401 Unauthorized: Incorrect API key provided, url: http://127.0.0.1:9/v1|AUTH",
        "{\"error\":{\"code\":\"insufficient_quota\"}}|QUOTA_EXHAUSTED",
        // Gemini CLI 0.61.0 stderr errors
        "You have exhausted your daily quota on this model.|QUOTA_EXHAUSTED",
        "{\"error\":{\"type\":\"Error\",\"message\":\"Resource has been exhausted (e.g. check quota).\",\"code\":429}}|RATE_LIMITED",
        // opencode 1.18.33 error events
        "{\"type\":\"error\",\"error\":{\"name\":\"APIError\",\"data\":{\"message\":\"Number of requests exceeded\",\"statusCode\":429}}}|RATE_LIMITED",
        "{\"name\":\"APIError\",\"data\":{\"message\":\"invalid x-api-key\",\"statusCode\":401}}|AUTH",
        "{\"data\":{\"message\":\"Your credit balance is too low to access the Anthropic API.\",\"statusCode\":400}}|QUOTA_EXHAUSTED",
        // Copilot CLI 1.0.102 session.error messages
        "Failed to get response from the AI model; retried 5 times (total retry wait time: 5.42 seconds) Last error: 429 slow down|RATE_LIMITED",
        "Authentication failed with provider at http://127.0.0.1:9/v1 (HTTP 401). Check your COPILOT_PROVIDER_API_KEY|AUTH",
        "Error: No authentication information found.|AUTH",
        // generic
        "upstream returned 503 Service Unavailable|UNAVAILABLE",
        "segmentation fault|OTHER",
    })
    void classifiesRealCliErrorTexts(String text, FailureKind expected) {
        assertEquals(expected, RateLimitText.classify(text));
    }
}
