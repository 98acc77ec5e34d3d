package io.harnessrouter.plugins.claudecode;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.harnessrouter.api.DispatchRequest;
import io.harnessrouter.api.DispatchResult;
import io.harnessrouter.api.FailureKind;
import io.harnessrouter.api.QuotaHeaderParser;
import io.harnessrouter.api.QuotaObservation;
import io.harnessrouter.api.QuotaObservation.Kind;
import io.harnessrouter.api.RouteSpec;
import io.harnessrouter.api.support.FailureQuota;
import io.harnessrouter.api.testkit.TestHarnessContext;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Claude prints no quota figures, so the harness keeps the API's default parser: these pin what it observes. */
class ClaudeCodeQuotaTest {

    private static final Instant NOW = Instant.parse("2026-03-01T12:00:00Z");

    private final QuotaHeaderParser parser = new ClaudeCodeHarness().quotaHeaderParser();

    @TempDir
    Path bin;

    @Test
    void observesNothingOnASuccess() {
        assertEquals(Optional.empty(), parser.parse(DispatchResult.success("ok").exitCode(0).build(), NOW));
    }

    @Test
    void observesARateLimitResettingAfterTheNamedWait() {
        DispatchResult r = DispatchResult.failure(FailureKind.RATE_LIMITED, "429").retryAfter(Duration.ofSeconds(7)).build();

        assertEquals(Optional.of(QuotaObservation.builder(Kind.RATE_LIMITED, NOW).resetAt(NOW.plusSeconds(7))
                .source(FailureQuota.SOURCE).build()), parser.parse(r, NOW));
    }

    @Test
    void prefersTheResultsOwnResetTime() {
        Instant reset = NOW.plusSeconds(3600);
        DispatchResult r = DispatchResult.failure(FailureKind.QUOTA_EXHAUSTED, "used up")
                .resetAt(reset).retryAfter(Duration.ofSeconds(7)).build();

        assertEquals(Optional.of(reset), parser.parse(r, NOW).orElseThrow().resetAt());
    }

    @Test
    void observesQuotaAndAuthFailuresWithoutAResetWhenNoneWasNamed() {
        QuotaObservation quota = parser.parse(DispatchResult.failure(FailureKind.QUOTA_EXHAUSTED, "credit").build(), NOW)
                .orElseThrow();
        QuotaObservation auth = parser.parse(DispatchResult.failure(FailureKind.AUTH, "login").build(), NOW).orElseThrow();

        assertEquals(Kind.QUOTA_EXHAUSTED, quota.kind());
        assertEquals(Optional.empty(), quota.resetAt());
        assertEquals(Kind.AUTH, auth.kind());
    }

    @Test
    void observesNothingForFailuresThatSayNothingAboutCapacity() {
        for (FailureKind kind : new FailureKind[] {FailureKind.TIMEOUT, FailureKind.OTHER, FailureKind.UNAVAILABLE,
            FailureKind.NOT_INSTALLED, FailureKind.CANCELLED, FailureKind.MODEL_REJECTED}) {
            assertEquals(Optional.empty(), parser.parse(DispatchResult.failure(kind, "x").build(), NOW), kind.name());
        }
    }

    @Test
    void turnsARateLimitedDispatchIntoAnObservationEndToEnd() {
        RouteSpec route = RouteSpec.subscription("sonnet", ClaudeCodeHarness.ID, null);
        try (TestHarnessContext ctx = ClaudeCodeTestSupport.contextWithFake(bin, Map.of("FAKE_CLAUDE_MODE", "rate_limit"))) {
            DispatchResult r = new ClaudeCodeHarness().dispatcher(route, ctx).dispatch(DispatchRequest.of("p", route), null);

            QuotaObservation o = new ClaudeCodeHarness().quotaHeaderParser().parse(r, NOW).orElseThrow();
            assertEquals(Kind.RATE_LIMITED, o.kind());
            assertEquals(Optional.of(NOW.plusSeconds(7)), o.resetAt());
        }
    }
}
