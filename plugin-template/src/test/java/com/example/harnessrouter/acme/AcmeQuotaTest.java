package com.example.harnessrouter.acme;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.harnessrouter.api.DispatchResult;
import io.harnessrouter.api.FailureKind;
import io.harnessrouter.api.QuotaHeaderParser;
import io.harnessrouter.api.QuotaObservation;
import io.harnessrouter.api.QuotaObservation.Kind;
import io.harnessrouter.api.support.FailureQuota;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Acme prints no capacity figures, so the harness keeps the API's default parser: these pin what it observes. */
class AcmeQuotaTest {

    private static final Instant NOW = Instant.parse("2026-01-01T10:00:00Z");

    private final QuotaHeaderParser parser = new AcmeHarness().quotaHeaderParser();

    @Test
    void aRateLimitResetsAfterTheRetryAfterOfTheResult() {
        DispatchResult r = DispatchResult.failure(FailureKind.RATE_LIMITED, "Too many requests (acme error 429)")
                .retryAfter(Duration.ofSeconds(20)).build();

        assertEquals(Optional.of(observation(Kind.RATE_LIMITED, NOW.plusSeconds(20))), parser.parse(r, NOW));
    }

    @Test
    void anExhaustedQuotaResetsAtTheResetTimeOfTheResult() {
        Instant reset = Instant.parse("2026-02-01T00:00:00Z");
        DispatchResult r = DispatchResult.failure(FailureKind.QUOTA_EXHAUSTED, "Monthly quota exceeded")
                .retryAfter(Duration.ofSeconds(5)).resetAt(reset).build();

        assertEquals(Optional.of(observation(Kind.QUOTA_EXHAUSTED, reset)), parser.parse(r, NOW));
    }

    @Test
    void fallsBackToTheWaitNamedInTheErrorText() {
        DispatchResult r = DispatchResult.failure(FailureKind.RATE_LIMITED, "busy, retry after 2m").build();

        assertEquals(Optional.of(observation(Kind.RATE_LIMITED, NOW.plus(Duration.ofMinutes(2)))), parser.parse(r, NOW));
    }

    @Test
    void anAuthFailureIsObservedWithoutAResetTime() {
        DispatchResult r = DispatchResult.failure(FailureKind.AUTH, "Not logged in").build();

        assertEquals(Optional.of(QuotaObservation.builder(Kind.AUTH, NOW).source(FailureQuota.SOURCE).build()),
                parser.parse(r, NOW));
    }

    @Test
    void successesAndOtherFailuresObserveNothing() {
        assertEquals(Optional.empty(), parser.parse(DispatchResult.success("ok").build(), NOW));
        assertEquals(Optional.empty(), parser.parse(DispatchResult.failure(FailureKind.TIMEOUT,
                "Timed out after 0.5s; the process tree was killed").build(), NOW));
        assertEquals(Optional.empty(), parser.parse(DispatchResult.failure(FailureKind.OTHER,
                "mentions a rate limit but was classified otherwise").build(), NOW));
    }

    private static QuotaObservation observation(Kind kind, Instant resetAt) {
        return QuotaObservation.builder(kind, NOW).resetAt(resetAt).source(FailureQuota.SOURCE).build();
    }
}
