package io.harnessrouter.plugins.codex;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.harnessrouter.api.DispatchRequest;
import io.harnessrouter.api.DispatchResult;
import io.harnessrouter.api.QuotaObservation;
import io.harnessrouter.api.QuotaObservation.Kind;
import io.harnessrouter.api.RouteSpec;
import io.harnessrouter.api.testkit.TestHarnessContext;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Codex prints no quota figures: the default parser turns its failures into observations. */
class CodexQuotaTest {

    private static final Instant NOW = Instant.parse("2026-01-01T12:00:00Z");

    @TempDir
    Path bin;

    @Test
    void turnsAUsageLimitIntoAQuotaObservationUntilTheResetCodexNamed() {
        RouteSpec route = RouteSpec.subscription("gpt-5.5", CodexHarness.ID, null);
        try (TestHarnessContext ctx = CodexTestSupport.contextWithFake(bin,
                Map.of("FAKE_CODEX_MODE", "usage_limit", "FAKE_CODEX_RESET", "3:05 PM"))) {
            DispatchResult r = new CodexHarness().dispatcher(route, ctx).dispatch(DispatchRequest.of("p", route), null);

            QuotaObservation o = new CodexHarness().quotaHeaderParser().parse(r, NOW).orElseThrow();
            assertEquals(Kind.QUOTA_EXHAUSTED, o.kind());
            assertEquals(Optional.of(Instant.parse("2026-01-01T15:05:00Z")), o.resetAt());
        }
    }

    @Test
    void turnsA429IntoARateLimitObservation() {
        RouteSpec route = RouteSpec.subscription("gpt-5.5", CodexHarness.ID, null);
        try (TestHarnessContext ctx = CodexTestSupport.contextWithFake(bin, Map.of("FAKE_CODEX_MODE", "rate_limit"))) {
            DispatchResult r = new CodexHarness().dispatcher(route, ctx).dispatch(DispatchRequest.of("p", route), null);

            assertEquals(Kind.RATE_LIMITED, new CodexHarness().quotaHeaderParser().parse(r, NOW).orElseThrow().kind());
        }
    }
}
