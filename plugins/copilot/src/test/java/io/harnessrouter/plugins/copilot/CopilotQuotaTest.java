package io.harnessrouter.plugins.copilot;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.harnessrouter.api.DispatchRequest;
import io.harnessrouter.api.DispatchResult;
import io.harnessrouter.api.QuotaObservation.Kind;
import io.harnessrouter.api.RouteSpec;
import io.harnessrouter.api.testkit.TestHarnessContext;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Copilot prints no window figures: the default parser turns its failures into observations. */
class CopilotQuotaTest {

    private static final Instant NOW = Instant.parse("2026-01-01T12:00:00Z");

    @TempDir
    Path bin;

    @Test
    void turnsAnInsufficientQuotaIntoAQuotaObservation() {
        assertEquals(Kind.QUOTA_EXHAUSTED, observe("quota").kind());
    }

    @Test
    void turnsA429IntoARateLimitObservationUntilTheWaitItNamed() {
        var o = observe("rate_limit");
        assertEquals(Kind.RATE_LIMITED, o.kind());
        assertEquals(Optional.of(NOW.plusSeconds(20)), o.resetAt());
    }

    @Test
    void observesNothingOnSuccess() {
        RouteSpec route = RouteSpec.subscription("gpt-5.4", CopilotHarness.ID, null);
        try (TestHarnessContext ctx = CopilotTestSupport.contextWithFake(bin, Map.of())) {
            DispatchResult r = new CopilotHarness().dispatcher(route, ctx).dispatch(DispatchRequest.of("p", route), null);
            assertEquals(Optional.empty(), new CopilotHarness().quotaHeaderParser().parse(r, NOW));
        }
    }

    private io.harnessrouter.api.QuotaObservation observe(String mode) {
        RouteSpec route = RouteSpec.subscription("gpt-5.4", CopilotHarness.ID, null);
        try (TestHarnessContext ctx = CopilotTestSupport.contextWithFake(bin, Map.of("FAKE_COPILOT_MODE", mode))) {
            DispatchResult r = new CopilotHarness().dispatcher(route, ctx).dispatch(DispatchRequest.of("p", route), null);
            return new CopilotHarness().quotaHeaderParser().parse(r, NOW).orElseThrow();
        }
    }
}
