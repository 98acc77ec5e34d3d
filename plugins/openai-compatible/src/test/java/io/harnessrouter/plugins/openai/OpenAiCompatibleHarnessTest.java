package io.harnessrouter.plugins.openai;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.harnessrouter.api.DispatchResult;
import io.harnessrouter.api.FailureKind;
import io.harnessrouter.api.Harness;
import io.harnessrouter.api.ProbeReport;
import io.harnessrouter.api.QuotaObservation;
import io.harnessrouter.api.RouteSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.ServiceLoader;
import org.junit.jupiter.api.Test;
import org.pf4j.Extension;

/** The harness's identity, discovery, doctor probe and quota parser. */
class OpenAiCompatibleHarnessTest {

    private static final Instant NOW = OpenAiTestContext.NOW;
    private final Harness harness = new OpenAiCompatibleHarness();

    @Test
    void describesItself() {
        assertEquals("openai_compatible", harness.id());
        assertEquals(Harness.OPENAI_COMPATIBLE, harness.id());
        assertEquals("OpenAI-compatible API", harness.displayName());
        assertEquals(Optional.empty(), harness.defaultCommand());
        assertEquals(List.of(), harness.aliases());
    }

    @Test
    void isFoundByServiceLoaderAndMarkedAsAPf4jExtension() {
        assertTrue(ServiceLoader.load(Harness.class).stream()
                .anyMatch(p -> p.type() == OpenAiCompatibleHarness.class));
        assertTrue(OpenAiCompatibleHarness.class.isAnnotationPresent(Extension.class));
    }

    @Test
    void createsADispatcherForTheRoute() {
        RouteSpec route = Routes.route("http://127.0.0.1:9/v1");

        assertEquals(route, harness.dispatcher(route, new OpenAiTestContext()).route());
    }

    @Test
    void reportsInstalledWithUnknownAuthInTheDoctorProbe() {
        ProbeReport report = harness.doctorProbe(new OpenAiTestContext()).check(Optional.empty(), Duration.ofSeconds(5));

        assertEquals(ProbeReport.builder("openai_compatible").installed(true).auth(ProbeReport.AuthState.UNKNOWN)
                .detail("HTTP harness: routes are checked one by one with a live probe").build(), report);
        assertTrue(report.ready());
    }

    @Test
    void observesRemainingRequestsOfASuccess() {
        DispatchResult ok = DispatchResult.success("x").headers(Map.of("x-ratelimit-limit-requests", "100",
                "x-ratelimit-remaining-requests", "75", "x-ratelimit-reset-requests", "30s")).build();

        QuotaObservation obs = harness.quotaHeaderParser().parse(ok, NOW).orElseThrow();

        assertEquals(QuotaObservation.Kind.OK, obs.kind());
        assertEquals(OptionalLong.of(75), obs.remaining());
        assertEquals(0.75, obs.score().getAsDouble(), 1e-9);
        assertEquals(Optional.of(NOW.plusSeconds(30)), obs.resetAt());
    }

    @Test
    void observesNothingForASuccessWithoutRateLimitHeaders() {
        DispatchResult ok = DispatchResult.success("x").headers(Map.of("content-type", "application/json")).build();

        assertEquals(Optional.empty(), harness.quotaHeaderParser().parse(ok, NOW));
    }

    @Test
    void observesNothingForATimeout() {
        DispatchResult timeout = DispatchResult.failure(FailureKind.TIMEOUT, "Timed out").build();

        assertEquals(Optional.empty(), harness.quotaHeaderParser().parse(timeout, NOW));
    }

    @Test
    void takesTheResetTimeFromRetryAfterWhenNoHeaderSaysIt() {
        DispatchResult limited = DispatchResult.failure(FailureKind.RATE_LIMITED, "Rate limited")
                .retryAfter(Duration.ofSeconds(45)).build();

        QuotaObservation obs = harness.quotaHeaderParser().parse(limited, NOW).orElseThrow();

        assertEquals(QuotaObservation.Kind.RATE_LIMITED, obs.kind());
        assertEquals(Optional.of(NOW.plusSeconds(45)), obs.resetAt());
        assertEquals(0.0, obs.score().getAsDouble());
    }

    @Test
    void recordsAnAuthFailure() {
        DispatchResult auth = DispatchResult.failure(FailureKind.AUTH, "HTTP 401").build();

        assertEquals(QuotaObservation.Kind.AUTH, harness.quotaHeaderParser().parse(auth, NOW).orElseThrow().kind());
    }
}
