package io.harnessrouter.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

/**
 * The builders plugins use instead of the canonical constructors: every setter reaches its
 * component, an unset one gets the documented default, and {@code toBuilder()} copies every
 * component (a component added later without a builder setter fails these).
 */
class ValueBuildersTest {

    private static final Instant NOW = Instant.parse("2026-12-01T12:00:00Z");

    @Test
    void probeReportBuilderDefaultsMatchTheConstructorsNullDefaults() {
        assertEquals(new ProbeReport("acme", false, null, null, null, null, null),
                ProbeReport.builder("acme").build());
    }

    @Test
    void probeReportBuilderSetsEveryComponent() {
        ProbeReport built = ProbeReport.builder("acme").installed(true).path(Path.of("/usr/bin/acme"))
                .version("1.2.3").auth(ProbeReport.AuthState.NOT_AUTHENTICATED).detail("acme 1.2.3")
                .nextStep("acme login").nextStep("retry").build();

        assertEquals(new ProbeReport("acme", true, Optional.of(Path.of("/usr/bin/acme")), Optional.of("1.2.3"),
                ProbeReport.AuthState.NOT_AUTHENTICATED, "acme 1.2.3", List.of("acme login", "retry")), built);
        assertEquals(built, built.toBuilder().build());
        assertEquals(List.of("only"), built.toBuilder().nextSteps(List.of("only")).build().nextSteps());
    }

    @Test
    void quotaObservationBuilderDefaultsMatchTheConstructorsNullDefaults() {
        assertEquals(new QuotaObservation(null, null, null, null, QuotaObservation.Kind.OK, null, NOW),
                QuotaObservation.builder(QuotaObservation.Kind.OK, NOW).build());
    }

    @Test
    void quotaObservationBuilderSetsEveryComponent() {
        QuotaObservation built = QuotaObservation.builder(QuotaObservation.Kind.RATE_LIMITED, NOW).remaining(3)
                .limit(100).used(97).resetAt(NOW.plusSeconds(60)).source("headers").build();

        assertEquals(new QuotaObservation(OptionalLong.of(3), OptionalLong.of(100), OptionalLong.of(97),
                Optional.of(NOW.plusSeconds(60)), QuotaObservation.Kind.RATE_LIMITED, "headers", NOW), built);
        assertEquals(built, built.toBuilder().build());
        assertEquals(QuotaObservation.Kind.QUOTA_EXHAUSTED,
                built.toBuilder().kind(QuotaObservation.Kind.QUOTA_EXHAUSTED).build().kind());
    }

    @Test
    void quotaObservationBuilderRefusesAMissingKindOrTime() {
        assertThrows(NullPointerException.class, () -> QuotaObservation.builder(null, NOW));
        assertThrows(NullPointerException.class, () -> QuotaObservation.builder(QuotaObservation.Kind.OK, null));
    }

    @Test
    void routeSpecBuilderDefaultsMatchTheConstructorsNullDefaults() {
        assertEquals(new RouteSpec("m::h", "m", "h", Tier.SUBSCRIPTION, null, null, null, null, null, null, null),
                RouteSpec.builder("m::h", "m", "h", Tier.SUBSCRIPTION).build());
    }

    @Test
    void routeSpecBuilderSetsEveryComponent() {
        RouteSpec built = RouteSpec.builder("gpt::api", "gpt", "openai_compatible", Tier.METERED).command("x")
                .cliModel("gpt-5").baseUrl(URI.create("http://127.0.0.1:1/v1")).apiKey(Secret.of("sk-1"))
                .timeout(Duration.ofSeconds(5)).env("A", "1").env(Map.of("B", "2")).env("C", "3")
                .setting("s", "v").build();

        assertEquals(new RouteSpec("gpt::api", "gpt", "openai_compatible", Tier.METERED, Optional.of("x"), "gpt-5",
                Optional.of(URI.create("http://127.0.0.1:1/v1")), Optional.of(Secret.of("sk-1")),
                Duration.ofSeconds(5), Map.of("B", "2", "C", "3"), Map.of("s", "v")), built);
        assertEquals(built, built.toBuilder().build());
        assertEquals(RouteSpec.DEFAULT_TIMEOUT, built.toBuilder().timeout(null).build().timeout());
    }
}
