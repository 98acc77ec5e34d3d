package io.harnessrouter.api.support;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import io.harnessrouter.api.DispatchResult;
import io.harnessrouter.api.FailureKind;
import io.harnessrouter.api.Harness;
import io.harnessrouter.api.QuotaObservation;
import io.harnessrouter.api.QuotaObservation.Kind;
import io.harnessrouter.api.DoctorProbe;
import io.harnessrouter.api.Dispatcher;
import io.harnessrouter.api.HarnessContext;
import io.harnessrouter.api.RouteSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class FailureQuotaTest {

    private static final Instant NOW = Instant.parse("2026-12-01T12:00:00Z");

    @Test
    void aRateLimitIsObservedUntilTheLaterOfResetTimeAndRetryAfter() {
        DispatchResult soonReset = DispatchResult.failure(FailureKind.RATE_LIMITED, "429")
                .retryAfter(Duration.ofSeconds(90)).resetAt(NOW.plusSeconds(30)).build();
        DispatchResult lateReset = soonReset.toBuilder().resetAt(NOW.plusSeconds(3600)).build();

        assertEquals(Optional.of(QuotaObservation.builder(Kind.RATE_LIMITED, NOW).resetAt(NOW.plusSeconds(90))
                .source("result").build()), FailureQuota.observe(soonReset, NOW));
        assertEquals(Optional.of(NOW.plusSeconds(3600)), FailureQuota.observe(lateReset, NOW).orElseThrow().resetAt());
    }

    @Test
    void withoutTimesOnTheResultTheWaitNamedInTheErrorCounts() {
        DispatchResult r = DispatchResult.failure(FailureKind.QUOTA_EXHAUSTED, "used up, try again in 2m").build();

        assertEquals(Optional.of(NOW.plus(Duration.ofMinutes(2))), FailureQuota.resetAt(r, NOW));
        assertEquals(Kind.QUOTA_EXHAUSTED, FailureQuota.observe(r, NOW).orElseThrow().kind());
    }

    @Test
    void anAuthFailureIsObservedWithoutAResetTime() {
        assertEquals(Optional.of(QuotaObservation.builder(Kind.AUTH, NOW).source(FailureQuota.SOURCE).build()),
                FailureQuota.observe(DispatchResult.failure(FailureKind.AUTH, "Not logged in").build(), NOW));
    }

    @Test
    void successesAndFailuresThatSayNothingAboutCapacityObserveNothing() {
        assertEquals(Optional.empty(), FailureQuota.observe(DispatchResult.success("ok").build(), NOW));
        for (FailureKind kind : FailureKind.values()) {
            if (kind != FailureKind.NONE && kind != FailureKind.RATE_LIMITED && kind != FailureKind.QUOTA_EXHAUSTED
                    && kind != FailureKind.AUTH) {
                DispatchResult r = DispatchResult.failure(kind, "retry after 5s").build();
                assertEquals(Optional.empty(), FailureQuota.observe(r, NOW), kind.name());
                assertEquals(Kind.OK, FailureQuota.kindOf(r), kind.name());
            }
        }
    }

    @Test
    void aHarnessThatWritesNoParserGetsThisOne() {
        Harness bare = new Harness() {
            @Override
            public String id() {
                return "bare";
            }

            @Override
            public String displayName() {
                return "Bare";
            }

            @Override
            public Optional<String> defaultCommand() {
                return Optional.empty();
            }

            @Override
            public Dispatcher dispatcher(RouteSpec route, HarnessContext context) {
                throw new UnsupportedOperationException("not dispatched here");
            }

            @Override
            public DoctorProbe doctorProbe(HarnessContext context) {
                throw new UnsupportedOperationException("not probed here");
            }
        };

        assertSame(FailureQuota.PARSER, bare.quotaHeaderParser());
    }
}
