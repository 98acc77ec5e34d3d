package io.harnessrouter.host.routing;

import static io.harnessrouter.host.routing.RoutingFixture.T0;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.harnessrouter.api.DispatchResult;
import io.harnessrouter.api.FailureKind;
import io.harnessrouter.api.QuotaObservation;
import io.harnessrouter.api.TokenUsage;
import io.harnessrouter.host.quota.LearnedLimit;
import io.harnessrouter.host.quota.Measure;
import io.harnessrouter.host.quota.Period;
import io.harnessrouter.host.quota.QuotaPolicy;
import io.harnessrouter.host.quota.QuotaWindow;
import io.harnessrouter.host.quota.Usage;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Proactive quota: the threshold, the reset-soonest preference, used-up windows, quota groups, learned limits. */
class RouterQuotaTest {

    private final RoutingFixture f = new RoutingFixture();

    @AfterEach
    void stopPool() {
        f.close();
    }

    private static QuotaPolicy requestsPer(long limit, String period) {
        return new QuotaPolicy(Optional.empty(), List.of(QuotaWindow.declared(Measure.REQUESTS, limit,
                Period.parse(period))), OptionalDouble.empty());
    }

    private static QuotaPolicy group(String name, QuotaWindow... windows) {
        return new QuotaPolicy(Optional.of(name), List.of(windows), OptionalDouble.empty());
    }

    /** {@code n} requests served on the route at {@code at}, as earlier calls (any process) counted them. */
    private void served(String routeId, int n, Instant at) {
        f.store.addUsage(routeId, at, new Usage(n, 0, 0, 0, Optional.empty()));
    }

    private static List<String> walked(RouteOutcome outcome) {
        return outcome.attempts().stream()
                .map(a -> a.isNote() ? "note: " + a.detail() : a.routeId() + " " + a.status().wireName())
                .toList();
    }

    @Test
    void aRouteAtItsThresholdIsPassedOverForOneWithHeadroomAndTheTraceSaysWhy() {
        f.subscription("opus", "claude_code");
        f.subscription("opus", "opencode");
        f.priority("opus");
        f.quotaPolicy("opus::claude_code", requestsPer(45, "5h"));
        served("opus::claude_code", 37, T0.minus(Duration.ofHours(1)));

        RouteOutcome outcome = f.router().route(RouteRequest.of("r", "p"), RouteListener.NONE);

        assertEquals("answer from opus::opencode", outcome.result().orElseThrow().output());
        assertEquals(List.of("note: opus::claude_code passed over: 82% of the 5h window used (37/45 requests,"
                + " declared), resets 2026-11-22T18:00:00Z; tried after the routes of this model with headroom",
                "opus::opencode succeeded"), walked(outcome));
    }

    @Test
    void aRouteOverItsThresholdIsStillUsedWhenItIsTheLastSubscriptionRouteWithHeadroom() {
        f.subscription("opus", "claude_code");
        f.subscription("opus", "opencode").always(DispatchResult.failure(FailureKind.OTHER, "boom").build());
        f.metered("opus", "api.example.com");
        f.priority("opus");
        f.quotaPolicy("opus::claude_code", requestsPer(45, "5h"));
        served("opus::claude_code", 40, T0.minus(Duration.ofHours(1)));

        RouteOutcome outcome = f.router().route(RouteRequest.of("r", "p"), RouteListener.NONE);

        // Subscription capacity before metered spend: 89% used is headroom, not a reason to pay.
        assertEquals("answer from opus::claude_code", outcome.result().orElseThrow().output());
    }

    @Test
    void amongRoutesWithHeadroomTheOneWhoseWindowResetsSoonestGoesFirst() {
        f.subscription("opus", "claude_code");
        f.subscription("opus", "opencode");
        f.priority("opus");
        f.quotaPolicy("opus::claude_code", requestsPer(100, "5h"));
        f.quotaPolicy("opus::opencode", requestsPer(100, "5h"));
        served("opus::claude_code", 10, T0.minus(Duration.ofHours(1)));   // resets in 4 h
        served("opus::opencode", 10, T0.minus(Duration.ofHours(4)));      // resets in 1 h: use it before it expires

        RouteOutcome outcome = f.router().route(RouteRequest.of("r", "p"), RouteListener.NONE);

        assertEquals("answer from opus::opencode", outcome.result().orElseThrow().output());
    }

    @Test
    void aRouteOverItsThresholdWhoseWindowFreesSoonerIsUsedBeforeOneWithALongerWindow() {
        FakeDispatcher codex = f.subscription("gpt-5", "codex");
        f.subscription("gpt-5", "copilot");
        f.priority("gpt-5");
        f.quotaPolicy("gpt-5::codex", requestsPer(60, "5h"));
        f.quotaPolicy("gpt-5::copilot", requestsPer(50, "daily at 00:00 UTC"));
        served("gpt-5::codex", 50, T0.minus(Duration.ofHours(4)));      // 83%, frees from 15:00

        RouteOutcome outcome = f.router().route(RouteRequest.of("r", "p"), RouteListener.NONE);

        // Keeping codex's reserve would move the call onto copilot's day, which lasts until midnight.
        assertEquals(1, codex.calls());
        assertEquals(List.of("note: gpt-5::codex 83% of the 5h window used (50/60 requests, declared), resets"
                + " 2026-11-22T15:00:00Z; used before the routes of this model with headroom, as its window resets"
                + " sooner than theirs", "gpt-5::codex succeeded"), walked(outcome));
    }

    @Test
    void anUnusedRollingWindowIsSpentBeforeADailyOneAsItsCapacityExpiresAllTheTime() {
        f.subscription("gpt-5", "copilot");
        f.subscription("gpt-5", "codex");
        f.priority("gpt-5");
        f.quotaPolicy("gpt-5::copilot", requestsPer(50, "daily at 00:00 UTC"));
        f.quotaPolicy("gpt-5::codex", requestsPer(60, "5h"));
        served("gpt-5::copilot", 1, T0.minus(Duration.ofHours(1)));

        RouteOutcome outcome = f.router().route(RouteRequest.of("r", "p"), RouteListener.NONE);

        assertEquals("answer from gpt-5::codex", outcome.result().orElseThrow().output());
    }

    @Test
    void aUsedUpWindowSkipsTheRouteWithoutDispatchingUntilItResets() {
        FakeDispatcher claude = f.subscription("opus", "claude_code");
        f.subscription("opus", "opencode");
        f.priority("opus");
        f.quotaPolicy("opus::claude_code", new QuotaPolicy(Optional.empty(), List.of(QuotaWindow.declared(
                Measure.REQUESTS, 300, Period.parse("monthly on day 1"))), OptionalDouble.empty()));
        served("opus::claude_code", 300, T0.minus(Duration.ofDays(3)));

        RouteOutcome outcome = f.router().route(RouteRequest.of("r", "p"), RouteListener.NONE);

        assertEquals(0, claude.requests().size());
        Attempt skip = outcome.attempts().get(0);
        assertEquals("quota used up: 100% of the monthly on day 1 at 00:00 UTC window used (300/300 requests,"
                + " declared), resets 2026-12-01T00:00:00Z", skip.detail());
        assertEquals(Optional.of(Instant.parse("2026-12-01T00:00:00Z")), skip.retryAt());
        assertEquals("answer from opus::opencode", outcome.result().orElseThrow().output());
    }

    @Test
    void aCallThatPinsTheRouteIsDispatchedEvenWithItsWindowUsedUp() {
        FakeDispatcher claude = f.subscription("opus", "claude_code");
        f.priority("opus");
        f.quotaPolicy("opus::claude_code", requestsPer(10, "5h"));
        served("opus::claude_code", 10, T0.minus(Duration.ofMinutes(30)));

        RouteOutcome outcome = f.router().route(new RouteRequest("r", "p", List.of(), Optional.empty(),
                Optional.empty(), Optional.of("opus::claude_code"), List.of()), RouteListener.NONE);

        assertEquals(1, claude.requests().size());
        assertTrue(outcome.decision().orElseThrow().reason().startsWith("forced; 100% of the 5h window used"));
    }

    @Test
    void everyDispatchCountsARequestAndItsTokensAndARefusedOneIsTakenBack() {
        f.subscription("opus", "claude_code")
                .then(DispatchResult.success("ok").tokenUsage(new TokenUsage(1200, 300)).build())
                .then(DispatchResult.failure(FailureKind.RATE_LIMITED, "429").build());
        f.subscription("opus", "opencode");
        f.priority("opus");
        f.quotaPolicy("opus::claude_code", requestsPer(45, "5h"));
        Router router = f.router();

        router.route(RouteRequest.of("r1", "p"), RouteListener.NONE);
        router.route(RouteRequest.of("r2", "p"), RouteListener.NONE);

        Usage used = f.store.usage("opus::claude_code", T0.minus(Duration.ofHours(5)));
        assertEquals(1, used.requests());
        assertEquals(1500, used.tokens());
    }

    @Test
    void routesOfOneQuotaGroupShareTheCountAndARefusalWithAResetTimeHoldsForAllOfThem() {
        QuotaWindow max = QuotaWindow.declared(Measure.REQUESTS, 45, Period.parse("5h"));
        FakeDispatcher claude = f.subscription("opus", "claude_code");
        FakeDispatcher opencode = f.subscription("opus", "opencode");
        f.metered("opus", "api.example.com");
        f.priority("opus");
        f.quotaPolicy("opus::claude_code", group("claude-max", max));
        f.quotaPolicy("opus::opencode", group("claude-max"));
        served("opus::claude_code", 20, T0.minus(Duration.ofHours(1)));
        served("opus::opencode", 25, T0.minus(Duration.ofHours(1)));

        RouteOutcome outcome = f.router().route(RouteRequest.of("r", "p"), RouteListener.NONE);

        // 20 + 25 = the group's 45: both routes are used up, the metered route answers.
        assertEquals(0, claude.requests().size() + opencode.requests().size());
        assertEquals("answer from opus::api.example.com", outcome.result().orElseThrow().output());

        f.clock.advance(Duration.ofHours(5));     // the window has aged out; now claude says the quota is spent
        f.store.saveQuota("opus::claude_code", QuotaObservation.builder(QuotaObservation.Kind.QUOTA_EXHAUSTED,
                f.clock.instant()).resetAt(f.clock.instant().plus(Duration.ofHours(2))).source("claude").build());
        RouteOutcome later = f.router().route(RouteRequest.of("r2", "p"), RouteListener.NONE);

        assertEquals(0, opencode.requests().size());
        assertTrue(later.attempts().stream().anyMatch(a -> a.detail().equals("quota group exhausted:"
                + " opus::claude_code was refused until 2026-11-22T21:00:00Z")), walked(later).toString());
    }

    @Test
    void withNoDeclaredLimitTheRouterLearnsOneFromASpentWindowAndShowsItAsLearned() {
        FakeDispatcher claude = f.subscription("opus", "claude_code");
        f.subscription("opus", "opencode");
        f.priority("opus");
        Router router = f.router();
        for (int i = 0; i < 3; i++) {
            router.route(RouteRequest.of("r" + i, "p"), RouteListener.NONE);
            f.clock.advance(Duration.ofMinutes(10));
        }
        claude.then(DispatchResult.failure(FailureKind.QUOTA_EXHAUSTED, "usage limit reached").build());
        router.route(RouteRequest.of("r3", "p"), RouteListener.NONE);

        LearnedLimit learned = f.store.learnedLimits().get("opus::claude_code");
        assertEquals(3, learned.requests());
        assertEquals(Duration.ofHours(5), learned.period());

        // Once the breaker's cooldown is over the learned limit still holds the route back, without a 429.
        f.clock.advance(Duration.ofMinutes(10));
        RouteOutcome next = f.router().route(RouteRequest.of("r4", "p"), RouteListener.NONE);
        assertEquals(4, claude.requests().size());
        assertEquals("quota used up: 100% of the 5h window used (3/3 requests, learned 2026-11-22T14:30:00Z),"
                + " resets 2026-11-22T19:00:00Z", next.attempts().get(0).detail());
    }

    @Test
    void aShortRateLimitTeachesNothing() {
        f.subscription("opus", "claude_code")
                .then(DispatchResult.success("ok").build())
                .then(DispatchResult.failure(FailureKind.RATE_LIMITED, "429").retryAfter(Duration.ofSeconds(30)).build());
        f.subscription("opus", "opencode");
        f.priority("opus");
        Router router = f.router();
        router.route(RouteRequest.of("r1", "p"), RouteListener.NONE);
        router.route(RouteRequest.of("r2", "p"), RouteListener.NONE);

        assertEquals(java.util.Map.of(), f.store.learnedLimits());
    }
}
