package io.harnessrouter.api.support;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.harnessrouter.api.QuotaObservation;
import io.harnessrouter.api.QuotaObservation.Kind;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class RateLimitHeadersTest {

    /** 2026-01-01T00:00:00Z. */
    private static final Instant NOW = Instant.parse("2026-01-01T00:00:00Z");

    private static Optional<Duration> retryAfter(String... kv) {
        return RateLimitHeaders.retryAfter(headers(kv), NOW);
    }

    private static Map<String, String> headers(String... kv) {
        Map<String, String> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put(kv[i], kv[i + 1]);
        }
        return m;
    }

    @Nested
    class RetryAfter {

        @Test
        void readsDeltaSeconds() {
            assertEquals(Optional.of(Duration.ofSeconds(30)), retryAfter("retry-after", "30"));
        }

        @Test
        void readsFractionalDeltaSeconds() {
            assertEquals(Optional.of(Duration.ofMillis(1500)), retryAfter("retry-after", " 1.5 "));
        }

        @Test
        void readsExponentDeltaSeconds() {
            assertEquals(Optional.of(Duration.ofSeconds(20)), retryAfter("retry-after", "2e1"));
        }

        @Test
        void clampsNegativeDeltaSecondsToZero() {
            assertEquals(Optional.of(Duration.ZERO), retryAfter("retry-after", "-5"));
        }

        @Test
        void readsHttpDateAsTheTimeLeftUntilIt() {
            assertEquals(Optional.of(Duration.ofSeconds(90)),
                    retryAfter("retry-after", "Thu, 01 Jan 2026 00:01:30 GMT"));
        }

        @Test
        void readsHttpDateInThePastAsZero() {
            assertEquals(Optional.of(Duration.ZERO), retryAfter("retry-after", "Wed, 31 Dec 2025 23:00:00 GMT"));
        }

        @Test
        void readsXRateLimitRetryAfterWhenRetryAfterIsAbsent() {
            assertEquals(Optional.of(Duration.ofSeconds(7)), retryAfter("x-ratelimit-retry-after", "7"));
        }

        @Test
        void prefersRetryAfterOverEveryOtherHeader() {
            assertEquals(Optional.of(Duration.ofSeconds(3)), retryAfter(
                    "x-ratelimit-reset-requests", "6m0s", "retry-after-ms", "900",
                    "x-ratelimit-retry-after", "5", "retry-after", "3"));
        }

        @Test
        void readsRetryAfterMsWhenNoSecondsHeaderIsPresent() {
            assertEquals(Optional.of(Duration.ofMillis(250)),
                    retryAfter("retry-after-ms", "250", "x-ratelimit-reset-requests", "6m0s"));
        }

        @Test
        void fallsBackToRetryAfterMsWhenRetryAfterIsGarbage() {
            assertEquals(Optional.of(Duration.ofMillis(1200)),
                    retryAfter("retry-after", "soon", "retry-after-ms", "1200"));
        }

        @Test
        void matchesHeaderNamesInAnyCase() {
            assertEquals(Optional.of(Duration.ofSeconds(12)), retryAfter("Retry-After", "12"));
            assertEquals(Optional.of(Duration.ofSeconds(360)), retryAfter("X-RateLimit-Reset-Requests", "6m0s"));
        }

        @ParameterizedTest
        @CsvSource({
            "x-ratelimit-reset-requests, 6m0s, 360000",
            "x-ratelimit-reset-tokens, 1s, 1000",
            "x-ratelimit-reset-tokens, 20ms, 20",
            "x-ratelimit-reset, 1h2m3.5s, 3723500",
            "x-ratelimit-reset, 2h, 7200000",
            "x-ratelimit-reset-requests, 1.5s, 1500",
            "x-ratelimit-reset-requests, 250ms, 250",
            "x-ratelimit-reset, 60, 60000",
        })
        void readsOpenAiResetDurations(String name, String value, long expectedMillis) {
            assertEquals(Optional.of(Duration.ofMillis(expectedMillis)), retryAfter(name, value));
        }

        @Test
        void readsResetAboveOneBillionAsEpochSeconds() {
            long epoch = NOW.getEpochSecond() + 45;
            assertEquals(Optional.of(Duration.ofSeconds(45)), retryAfter("x-ratelimit-reset", Long.toString(epoch)));
        }

        @Test
        void readsEpochSecondsInThePastAsZero() {
            long epoch = NOW.getEpochSecond() - 45;
            assertEquals(Optional.of(Duration.ZERO), retryAfter("x-ratelimit-reset", Long.toString(epoch)));
        }

        @ParameterizedTest
        @ValueSource(strings = {"anthropic-ratelimit-requests-reset", "anthropic-ratelimit-tokens-reset",
            "anthropic-ratelimit-input-tokens-reset", "anthropic-ratelimit-output-tokens-reset"})
        void readsAnthropicResetTimestamps(String name) {
            assertEquals(Optional.of(Duration.ofSeconds(42)), retryAfter(name, "2026-01-01T00:00:42Z"));
        }

        @Test
        void readsAnthropicResetWithOffsetAndFraction() {
            assertEquals(Optional.of(Duration.ofMillis(42500)),
                    retryAfter("anthropic-ratelimit-requests-reset", "2026-01-01T01:00:42.5+01:00"));
        }

        @Test
        void usesTheResetOfTheExhaustedWindow() {
            assertEquals(Optional.of(Duration.ofSeconds(2)), retryAfter(
                    "x-ratelimit-remaining-requests", "0", "x-ratelimit-reset-requests", "2s",
                    "x-ratelimit-remaining-tokens", "9000", "x-ratelimit-reset-tokens", "6m0s"));
            assertEquals(Optional.of(Duration.ofSeconds(360)), retryAfter(
                    "x-ratelimit-remaining-requests", "10", "x-ratelimit-reset-requests", "2s",
                    "x-ratelimit-remaining-tokens", "0", "x-ratelimit-reset-tokens", "6m0s"));
        }

        @Test
        void usesTheLatestResetWhenNoWindowSaysItIsExhausted() {
            assertEquals(Optional.of(Duration.ofSeconds(360)), retryAfter(
                    "x-ratelimit-reset-requests", "2s", "x-ratelimit-reset-tokens", "6m0s"));
        }

        @ParameterizedTest
        @ValueSource(strings = {"", "  ", "soon", "6 minutes", "1m-2s", "NaN", "Infinity", "s", "5x", "1e400",
            "Thu, 32 Jan 2026 00:00:00 GMT"})
        void ignoresGarbageValues(String value) {
            assertEquals(Optional.empty(), retryAfter("retry-after", value, "x-ratelimit-reset", value,
                    "retry-after-ms", value, "anthropic-ratelimit-tokens-reset", value));
        }

        @Test
        void isEmptyWithoutHeaders() {
            assertEquals(Optional.empty(), RateLimitHeaders.retryAfter(Map.of(), NOW));
            assertEquals(Optional.empty(), RateLimitHeaders.retryAfter(null, NOW));
        }

        @Test
        void readsTheFirstOfRepeatedRetryAfterValues() {
            assertEquals(Optional.of(Duration.ofSeconds(30)), retryAfter("retry-after", "30, 30"));
        }
    }

    @Nested
    class ParseDuration {

        @ParameterizedTest
        @CsvSource({"6m0s, 360000", "1.5s, 1500", "250ms, 250", "2h, 7200000", "1h2m3.5s, 3723500",
            "10, 10000", "0s, 0", "2000us, 2", "3000000ns, 3"})
        void parsesGoStyleDurations(String value, long millis) {
            assertEquals(Optional.of(Duration.ofMillis(millis)), RateLimitHeaders.parseDuration(value));
        }

        @ParameterizedTest
        @ValueSource(strings = {"", "m", "6m0", "-1s", "1d", "6m 0s", "abc"})
        void rejectsEverythingElse(String value) {
            assertEquals(Optional.empty(), RateLimitHeaders.parseDuration(value));
        }
    }

    @Nested
    class Observe {

        @Test
        void readsOpenAiRequestFiguresWithTheirReset() {
            QuotaObservation obs = RateLimitHeaders.observe(headers(
                    "x-ratelimit-limit-requests", "60", "x-ratelimit-remaining-requests", "59",
                    "x-ratelimit-reset-requests", "1s", "x-ratelimit-limit-tokens", "150000",
                    "x-ratelimit-remaining-tokens", "149984", "x-ratelimit-reset-tokens", "6m0s"),
                    NOW, Kind.OK).orElseThrow();
            assertEquals(OptionalLong.of(59), obs.remaining());
            assertEquals(OptionalLong.of(60), obs.limit());
            assertEquals(Optional.of(NOW.plusSeconds(1)), obs.resetAt());
            assertEquals(Kind.OK, obs.kind());
            assertEquals("headers", obs.source());
            assertEquals(NOW, obs.observedAt());
            assertEquals(OptionalLong.empty(), obs.used());
        }

        @Test
        void readsGenericXRateLimitFiguresWithEpochReset() {
            QuotaObservation obs = RateLimitHeaders.observe(headers("x-ratelimit-limit", "100",
                    "x-ratelimit-remaining", "25", "x-ratelimit-reset", Long.toString(NOW.getEpochSecond() + 600)),
                    NOW, Kind.OK).orElseThrow();
            assertEquals(OptionalLong.of(25), obs.remaining());
            assertEquals(OptionalLong.of(100), obs.limit());
            assertEquals(Optional.of(NOW.plusSeconds(600)), obs.resetAt());
        }

        @Test
        void readsAnthropicRequestFiguresWithRfc3339Reset() {
            QuotaObservation obs = RateLimitHeaders.observe(headers(
                    "anthropic-ratelimit-requests-limit", "50", "anthropic-ratelimit-requests-remaining", "49",
                    "anthropic-ratelimit-requests-reset", "2026-01-01T00:00:05Z",
                    "anthropic-ratelimit-tokens-limit", "40000", "anthropic-ratelimit-tokens-remaining", "100"),
                    NOW, Kind.OK).orElseThrow();
            assertEquals(OptionalLong.of(49), obs.remaining());
            assertEquals(OptionalLong.of(50), obs.limit());
            assertEquals(Optional.of(Instant.parse("2026-01-01T00:00:05Z")), obs.resetAt());
        }

        @Test
        void readsAnthropicTokenFiguresWhenRequestFiguresAreMissing() {
            QuotaObservation obs = RateLimitHeaders.observe(headers(
                    "anthropic-ratelimit-tokens-limit", "40000", "anthropic-ratelimit-tokens-remaining", "10000",
                    "anthropic-ratelimit-tokens-reset", "2026-01-01T00:01:00Z"), NOW, Kind.OK).orElseThrow();
            assertEquals(OptionalLong.of(10000), obs.remaining());
            assertEquals(OptionalLong.of(40000), obs.limit());
            assertEquals(0.25, obs.score().getAsDouble(), 1e-9);
            assertEquals(Optional.of(NOW.plusSeconds(60)), obs.resetAt());
        }

        @Test
        void readsIetfRateLimitFiguresWithDeltaReset() {
            QuotaObservation obs = RateLimitHeaders.observe(headers("RateLimit-Limit", "10",
                    "RateLimit-Remaining", "4", "RateLimit-Reset", "30"), NOW, Kind.OK).orElseThrow();
            assertEquals(OptionalLong.of(4), obs.remaining());
            assertEquals(OptionalLong.of(10), obs.limit());
            assertEquals(Optional.of(NOW.plusSeconds(30)), obs.resetAt());
        }

        @Test
        void neverDividesARequestCountByATokenLimit() {
            QuotaObservation obs = RateLimitHeaders.observe(headers(
                    "x-ratelimit-remaining-requests", "5",
                    "anthropic-ratelimit-tokens-limit", "40000", "anthropic-ratelimit-tokens-remaining", "20000"),
                    NOW, Kind.OK).orElseThrow();
            assertEquals(OptionalLong.of(20000), obs.remaining());
            assertEquals(OptionalLong.of(40000), obs.limit());
        }

        @Test
        void keepsALoneRemainingWithoutBorrowingAnotherFamilysLimit() {
            QuotaObservation obs = RateLimitHeaders.observe(headers("x-ratelimit-remaining-requests", "5",
                    "ratelimit-remaining", "x"), NOW, Kind.OK).orElseThrow();
            assertEquals(OptionalLong.of(5), obs.remaining());
            assertEquals(OptionalLong.empty(), obs.limit());
            assertTrue(obs.score().isEmpty());
        }

        @Test
        void matchesMixedCaseHeaderNames() {
            QuotaObservation obs = RateLimitHeaders.observe(headers("X-RateLimit-Limit-Requests", "60",
                    "X-RATELIMIT-REMAINING-REQUESTS", "30"), NOW, Kind.OK).orElseThrow();
            assertEquals(OptionalLong.of(30), obs.remaining());
            assertEquals(OptionalLong.of(60), obs.limit());
            assertEquals(0.5, obs.score().getAsDouble(), 1e-9);
        }

        @ParameterizedTest
        @ValueSource(strings = {"1.5", "1,000", "lots", "", "12abc"})
        void ignoresNonIntegerFigures(String value) {
            assertEquals(Optional.empty(), RateLimitHeaders.observe(headers("x-ratelimit-remaining-requests", value,
                    "x-ratelimit-limit-requests", value), NOW, Kind.OK));
        }

        @Test
        void skipsAFamilyWithGarbageFiguresForTheNextOne() {
            QuotaObservation obs = RateLimitHeaders.observe(headers("x-ratelimit-remaining-requests", "many",
                    "x-ratelimit-limit-requests", "60", "x-ratelimit-remaining", "7", "x-ratelimit-limit", "8"),
                    NOW, Kind.OK).orElseThrow();
            assertEquals(OptionalLong.of(7), obs.remaining());
            assertEquals(OptionalLong.of(8), obs.limit());
        }

        @Test
        void isEmptyWhenNothingIsPresentAndTheDispatchWasOk() {
            assertEquals(Optional.empty(), RateLimitHeaders.observe(headers("content-type", "application/json"),
                    NOW, Kind.OK));
        }

        @Test
        void reportsARateLimitEvenWithoutFigures() {
            QuotaObservation obs = RateLimitHeaders.observe(Map.of(), NOW, Kind.RATE_LIMITED).orElseThrow();
            assertEquals(Kind.RATE_LIMITED, obs.kind());
            assertEquals("headers", obs.source());
            assertEquals(Optional.empty(), obs.resetAt());
            assertEquals(0.0, obs.score().getAsDouble());
        }

        @Test
        void setsResetAtFromRetryAfterWhenRateLimited() {
            QuotaObservation obs = RateLimitHeaders.observe(headers("retry-after", "20",
                    "x-ratelimit-limit-requests", "60", "x-ratelimit-remaining-requests", "0",
                    "x-ratelimit-reset-requests", "1s"), NOW, Kind.RATE_LIMITED).orElseThrow();
            assertEquals(Optional.of(NOW.plusSeconds(20)), obs.resetAt());
            assertEquals(OptionalLong.of(0), obs.remaining());
        }

        @Test
        void keepsTheFamilyResetWhenOkEvenIfRetryAfterIsPresent() {
            QuotaObservation obs = RateLimitHeaders.observe(headers("retry-after", "20",
                    "x-ratelimit-limit-requests", "60", "x-ratelimit-remaining-requests", "3",
                    "x-ratelimit-reset-requests", "1s"), NOW, Kind.OK).orElseThrow();
            assertEquals(Optional.of(NOW.plusSeconds(1)), obs.resetAt());
        }

        @Test
        void ignoresAGarbageResetValue() {
            QuotaObservation obs = RateLimitHeaders.observe(headers("x-ratelimit-limit-requests", "60",
                    "x-ratelimit-remaining-requests", "3", "x-ratelimit-reset-requests", "later"),
                    NOW, Kind.OK).orElseThrow();
            assertEquals(Optional.empty(), obs.resetAt());
        }
    }
}
