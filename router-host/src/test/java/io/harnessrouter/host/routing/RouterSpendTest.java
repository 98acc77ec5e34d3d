package io.harnessrouter.host.routing;

import static io.harnessrouter.host.routing.RoutingFixture.T0;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.harnessrouter.api.DispatchResult;
import io.harnessrouter.api.TokenUsage;
import io.harnessrouter.host.config.RoutingSettings;
import io.harnessrouter.host.quota.Measure;
import io.harnessrouter.host.quota.Period;
import io.harnessrouter.host.quota.Price;
import io.harnessrouter.host.quota.QuotaPolicy;
import io.harnessrouter.host.quota.QuotaWindow;
import io.harnessrouter.host.quota.SpendCap;
import io.harnessrouter.host.quota.Usage;
import io.harnessrouter.host.state.SqliteStateStore;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneId;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Money: cost per attempt, spend caps per route and overall across processes, the per-call threshold. */
class RouterSpendTest {

    private static final Price SONNET = new Price(3.00, 15.00);
    private static final String API = "opus::api.example.com";

    private final RoutingFixture f = new RoutingFixture();

    @TempDir
    Path dir;

    @AfterEach
    void stopPool() {
        f.close();
    }

    private static QuotaPolicy priced(SpendCap cap) {
        return new QuotaPolicy(Optional.empty(), List.of(), OptionalDouble.empty(), Optional.of(SONNET), cap);
    }

    private static SpendCap daily(double usd) {
        return new SpendCap(OptionalDouble.of(usd), OptionalDouble.empty(), Optional.empty());
    }

    private static RouteRequest pinned(String routeId) {
        return new RouteRequest("pin", "p", List.of(), Optional.empty(), Optional.empty(), Optional.of(routeId),
                List.of());
    }

    private static List<String> walked(RouteOutcome outcome) {
        return outcome.attempts().stream()
                .map(a -> a.isNote() ? "note: " + a.detail() : a.routeId() + " " + a.status().wireName()
                        + (a.detail().isEmpty() ? "" : ": " + a.detail()))
                .toList();
    }

    @Test
    void aMeteredAttemptCostsWhatTheDispatcherReportedElseItsTokensAtThePriceAndTheHistoryKeepsIt() {
        f.metered("opus", "api.example.com")
                .then(DispatchResult.success("a").tokenUsage(new TokenUsage(100_000, 20_000)).build())
                .then(DispatchResult.success("b").tokenUsage(new TokenUsage(100_000, 20_000)).costUsd(0.05).build());
        f.subscription("sonnet", "claude_code")
                .always(DispatchResult.success("c").tokenUsage(new TokenUsage(5000, 100)).costUsd(0.41).build());
        f.priority("opus", "sonnet");
        f.quotaPolicy(API, priced(SpendCap.NONE));
        try (SqliteStateStore store = SqliteStateStore.open(dir.resolve("state.db"))) {
            Router router = new Router(f.table(), store, f.settings, f.clock, f.pool);

            router.route(RouteRequest.of("r1", "p"), RouteListener.NONE);
            router.route(RouteRequest.of("r2", "p"), RouteListener.NONE);
            router.route(pinned("sonnet::claude_code"), RouteListener.NONE);

            // 100k input at $3/Mtok + 20k output at $15/Mtok = $0.30 + $0.30; then the reported $0.05.
            assertEquals(0.65, store.usage(API, T0.minus(Duration.ofHours(1))).usd(), 1e-9);
            var history = store.recentAttempts(10);
            assertEquals(0.0, history.get(0).costUsd());          // a subscription is billed flat
            assertEquals(0.05, history.get(1).costUsd(), 1e-9);
            assertEquals(0.60, history.get(2).costUsd(), 1e-9);
            assertEquals(0.0, store.usage("sonnet::claude_code", T0.minus(Duration.ofHours(1))).usd());
        }
    }

    @Test
    void aRouteDailyCapReachedInOneProcessMakesTheRouteUnavailableInAnotherEvenWhenPinned() {
        FakeDispatcher api = f.metered("opus", "api.example.com")
                .then(DispatchResult.success("expensive").costUsd(5.02).build());
        f.metered("opus", "other.example.com");
        f.priority("opus");
        f.quotaPolicy(API, priced(daily(5)));
        Path file = dir.resolve("state.db");
        try (SqliteStateStore first = SqliteStateStore.open(file); SqliteStateStore second = SqliteStateStore.open(file)) {
            new Router(f.table(), first, f.settings, f.clock, f.pool).route(RouteRequest.of("r1", "p"),
                    RouteListener.NONE);
            Router other = new Router(f.table(), second, f.settings, f.clock, f.pool);

            RouteOutcome outcome = other.route(RouteRequest.of("r2", "p"), RouteListener.NONE);

            assertEquals(1, api.calls());
            assertEquals(List.of(API + " skipped: spend cap reached: $5.02 of $5.00 today (resets 2026-11-23T00:00Z)",
                    "opus::other.example.com succeeded"), walked(outcome));
            assertEquals(Optional.of(java.time.Instant.parse("2026-11-23T00:00:00Z")),
                    outcome.attempts().get(0).retryAt());

            RouteOutcome forced = other.route(pinned(API), RouteListener.NONE);
            assertEquals(1, api.calls());                        // money is the hard line: no pin passes it
            assertTrue(forced.result().isEmpty() || !forced.result().get().success(), walked(forced).toString());

            f.clock.advance(Duration.ofHours(10));             // 2026-11-23T00:00Z: a new day
            other.route(pinned(API), RouteListener.NONE);
            assertEquals(2, api.calls());
        }
    }

    @Test
    void aRouteMonthlyCapCountsTheWholeCalendarMonth() {
        FakeDispatcher api = f.metered("opus", "api.example.com");
        f.metered("opus", "other.example.com");
        f.priority("opus");
        f.quotaPolicy(API, priced(new SpendCap(OptionalDouble.of(5), OptionalDouble.of(50), Optional.empty())));
        Path file = dir.resolve("state.db");
        try (SqliteStateStore first = SqliteStateStore.open(file); SqliteStateStore second = SqliteStateStore.open(file)) {
            first.addUsage(API, T0.minus(Duration.ofDays(30)), new Usage(40, 0, 0, 40, Optional.empty())); // October
            first.addUsage(API, T0.minus(Duration.ofDays(20)), new Usage(30, 0, 0, 30, Optional.empty()));
            first.addUsage(API, T0.minus(Duration.ofDays(3)), new Usage(20, 0, 0, 20.5, Optional.empty()));
            Router other = new Router(f.table(), second, f.settings, f.clock, f.pool);

            RouteOutcome outcome = other.route(RouteRequest.of("r", "p"), RouteListener.NONE);

            assertEquals(0, api.calls());
            assertEquals(API + " skipped: spend cap reached: $50.50 of $50.00 this month (resets 2026-12-01T00:00Z)",
                    walked(outcome).get(0));
        }
    }

    @Test
    void theOverallCapSumsEveryMeteredRouteInItsZoneAndLeavesSubscriptionsAlone() {
        FakeDispatcher a = f.metered("opus", "api.example.com");
        FakeDispatcher b = f.metered("opus", "other.example.com");
        FakeDispatcher claude = f.subscription("sonnet", "claude_code");
        f.priority("opus", "sonnet");
        f.settings = withCap(new SpendCap(OptionalDouble.of(10), OptionalDouble.empty(),
                Optional.of(ZoneId.of("America/Los_Angeles"))));
        Path file = dir.resolve("state.db");
        try (SqliteStateStore first = SqliteStateStore.open(file); SqliteStateStore second = SqliteStateStore.open(file)) {
            // T0 is 06:00 in Los Angeles: its day began at 08:00Z. 07:00Z was yesterday there.
            first.addUsage(API, T0.minus(Duration.ofHours(1)), new Usage(1, 0, 0, 6, Optional.empty()));
            first.addUsage("opus::other.example.com", T0.minus(Duration.ofHours(1)), new Usage(1, 0, 0, 6, Optional.empty()));
            first.addUsage("opus::other.example.com", T0.minus(Duration.ofHours(7)), new Usage(1, 0, 0, 100, Optional.empty()));
            Router other = new Router(f.table(), second, f.settings, f.clock, f.pool);

            RouteOutcome outcome = other.route(RouteRequest.of("r", "p"), RouteListener.NONE);

            String reached = "overall spend cap (routing.spend_cap) reached: $12.00 of $10.00 today"
                    + " (resets 2026-11-23T00:00-08:00)";
            assertEquals(List.of(API + " skipped: " + reached, "opus::other.example.com skipped: " + reached,
                    "sonnet::claude_code succeeded"), walked(outcome));
            assertEquals(0, a.calls() + b.calls());
            assertEquals(1, claude.calls());
        }
    }

    @Test
    void aCallsOwnQuotaThresholdReplacesTheConfiguredOne() {
        FakeDispatcher claude = f.subscription("opus", "claude_code");
        FakeDispatcher opencode = f.subscription("opus", "opencode");
        f.priority("opus");
        f.quotaPolicy("opus::claude_code", new QuotaPolicy(Optional.empty(), List.of(QuotaWindow.declared(
                Measure.REQUESTS, 40, Period.parse("5h"))), OptionalDouble.empty()));
        f.store.addUsage("opus::claude_code", T0.minus(Duration.ofHours(1)), new Usage(24, 0, 0, 0, Optional.empty()));
        Router router = f.router();

        router.route(RouteRequest.of("r1", "p"), RouteListener.NONE);   // 60% < the default 80%
        assertEquals(1, claude.calls());

        RouteOutcome strict = router.route(new RouteRequest("r2", "p", List.of(), Optional.empty(), Optional.empty(),
                Optional.empty(), List.of(), OptionalDouble.of(0.5)), RouteListener.NONE);

        assertEquals(1, claude.calls());
        assertEquals(1, opencode.calls());
        assertTrue(walked(strict).get(0).startsWith("note: opus::claude_code passed over: 63% of the 5h window"),
                walked(strict).toString());
    }

    private static RoutingSettings withCap(SpendCap cap) {
        RoutingSettings d = RoutingSettings.DEFAULTS;
        return new RoutingSettings(d.rateLimitCooldown(), d.failureThreshold(), d.failureCooldown(), d.maxCooldown(),
                d.dispatchTimeout(), d.fanoutConcurrency(), d.maxConcurrentSubscription(), d.maxConcurrentMetered(),
                d.quotaThreshold(), cap);
    }
}
