package io.harnessrouter.host.dashboard;

import static io.harnessrouter.host.routing.RoutingFixture.T0;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.harnessrouter.api.FailureKind;
import io.harnessrouter.api.Tier;
import io.harnessrouter.host.config.RoutingSettings;
import io.harnessrouter.host.quota.LearnedLimit;
import io.harnessrouter.host.quota.Measure;
import io.harnessrouter.host.quota.Period;
import io.harnessrouter.host.quota.QuotaPolicy;
import io.harnessrouter.host.quota.QuotaWindow;
import io.harnessrouter.host.quota.Usage;
import io.harnessrouter.host.routing.RouteRequest;
import io.harnessrouter.host.routing.Router;
import io.harnessrouter.host.routing.RoutingFixture;
import io.harnessrouter.host.state.AttemptRecord;
import io.harnessrouter.host.state.BreakerState;
import io.harnessrouter.host.status.Blockers;
import io.harnessrouter.host.status.ConfigStatus;
import io.harnessrouter.host.status.StatusReport;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import org.jline.utils.AttributedString;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** What the dashboard shows for each state a route can be in. */
class DashboardTextTest {

    private final RoutingFixture f = new RoutingFixture();

    @AfterEach
    void stopPool() {
        f.close();
    }

    static QuotaPolicy requestsPer(long limit, String period) {
        return new QuotaPolicy(Optional.empty(), List.of(QuotaWindow.declared(Measure.REQUESTS, limit,
                Period.parse(period))), OptionalDouble.empty());
    }

    private DashboardFrame frame(Map<String, AttemptRecord> last) {
        Router router = f.router();
        StatusReport report = StatusReport.build(f.table(), f.store, T0, Duration.ofSeconds(60),
                ConfigStatus.loaded(Path.of("/home/dev/.harness-router/config.yaml"), List.of()),
                Blockers.fromAvailabilityOnly(), router.plan(RouteRequest.of("d", "")).stream().findFirst(),
                List.of(), Optional.empty(), RoutingSettings.DEFAULTS, router.headroom());
        return new DashboardFrame(report, Path.of("/home/dev/.harness-router/state.db"), last);
    }

    private String plain(Map<String, AttemptRecord> last) {
        return DashboardText.plain(frame(last));
    }

    @Test
    void anAvailableRouteShowsItsCountersInFlightAndLastAttemptWithItsAge() {
        f.subscription("opus", "claude_code");
        f.priority("opus");
        f.store.recordAttempt(new AttemptRecord(T0.minusSeconds(12), "r1", "opus::claude_code", "opus",
                Tier.SUBSCRIPTION, true, FailureKind.NONE, "", Duration.ofMillis(3200)));

        String text = plain(Map.of("opus::claude_code", f.store.recentAttempts(1).get(0)));

        assertTrue(text.startsWith("harness-router dashboard  2026-11-22T14:00:00Z  state"
                + " /home/dev/.harness-router/state.db (all processes)\n"
                + "config     /home/dev/.harness-router/config.yaml\n"
                + "priority   opus\n"
                + "next pick  opus::claude_code (model opus, subscription)\n"
                + "\n"
                + "opus · subscription\n"
                + "  ● opus::claude_code  available  [claude_code]\n"
                + "    quota    no window declared or learned; nothing observed yet\n"
                + "    breaker  closed\n"
                + "    calls    1 · 1 ok · 0 failed · 0 rate-limited   in flight 0/4 (all processes)\n"
                + "    last     ok 12s ago, took 3.2 s\n"), text);
    }

    @Test
    void anUnavailableRouteSaysWhyAndTheNextPickSkipsIt() {
        f.subscription("opus", "claude_code").unavailable("claude not found on PATH; install Claude Code");
        f.subscription("opus", "opencode");
        f.priority("opus");

        String text = plain(Map.of());

        assertTrue(text.contains("  ✗ opus::claude_code  unavailable: claude not found on PATH; install Claude Code"
                + "  [claude_code]\n"), text);
        assertTrue(text.contains("next pick  opus::opencode (model opus, subscription)\n"), text);
        assertTrue(text.contains("    last     no attempt yet\n"), text);
    }

    @Test
    void anOpenBreakerCountsDownToItsProbe() {
        f.subscription("opus", "claude_code");
        f.priority("opus");
        f.openBreaker("opus::claude_code", T0.plusSeconds(75), 1, "429 Too Many Requests\nretry later");

        String text = plain(Map.of());

        assertTrue(text.contains("  ✗ opus::claude_code  available, breaker open  [claude_code]\n"), text);
        assertTrue(text.contains("    breaker  OPEN · probe allowed in 1m 15s (2026-11-22T14:01:15Z)"
                + " · last error: 429 Too Many Requests retry later\n"), text);
        assertTrue(text.contains("next pick  none: no route can be tried now\n"), text);
    }

    @Test
    void aHalfOpenBreakerSaysAProbeIsInFlight() {
        f.subscription("opus", "claude_code");
        f.priority("opus");
        f.store.putBreaker(new BreakerState("opus::claude_code", BreakerState.Status.HALF_OPEN, 3, 1,
                Optional.of(T0.minusSeconds(5)), Optional.of("probe-1"), Optional.of(T0.plusSeconds(60)),
                "timed out", T0));

        String text = plain(Map.of());

        assertTrue(text.contains("    breaker  half-open · a probe call is in flight · 3 failures in a row"
                + " · last error: timed out\n"), text);
    }

    @Test
    void aDeclaredWindowShowsItsBarFiguresResetAndProjection() {
        f.subscription("opus", "claude_code");
        f.subscription("opus", "opencode");
        f.priority("opus");
        f.quotaPolicy("opus::claude_code", requestsPer(45, "5h"));
        f.quotaPolicy("opus::opencode", requestsPer(45, "5h"));
        f.store.addUsage("opus::claude_code", T0.minusSeconds(1800), new Usage(30, 0, 0, 0, Optional.empty()));
        f.store.addUsage("opus::opencode", T0.minus(Duration.ofHours(2)), new Usage(40, 0, 0, 0, Optional.empty()));

        String text = plain(Map.of());

        assertTrue(text.contains("    quota    [█████████████░░░░░░░]  67%  30/45 requests per 5h · declared"
                + " · resets 2026-11-22T18:30:00Z (in 4.5 h)\n"
                + "             at this rate: limit in 0.5 h; resets in 4.5 h\n"), text);
        assertTrue(text.contains("  ● opus::opencode  available, passed over (quota threshold)  [opencode]\n"
                + "    quota    [██████████████████░░]  89%  40/45 requests per 5h · declared"
                + " · resets 2026-11-22T17:00:00Z (in 3.0 h)\n"
                + "             passed over: 89% of the 5h window used (40/45 requests, declared),"
                + " resets 2026-11-22T17:00:00Z; tried after the routes of this model with headroom\n"), text);
    }

    @Test
    void aLearnedWindowIsShownAsAnEstimateAndAUsedUpOneAsSkipped() {
        f.subscription("opus", "codex");
        f.priority("opus");
        f.store.saveLearnedLimit(new LearnedLimit("opus::codex", 3, Duration.ofHours(5), T0.minusSeconds(3600)));
        f.store.addUsage("opus::codex", T0.minus(Duration.ofHours(3)), new Usage(3, 0, 0, 0, Optional.empty()));

        String text = plain(Map.of());

        assertTrue(text.contains("  ● opus::codex  available, quota used up  [codex]\n"
                + "    quota    [████████████████████] 100%  3/3 requests per 5h · learned (estimate)"
                + " · resets 2026-11-22T16:00:00Z (in 2.0 h)\n"
                + "             quota used up: 100% of the 5h window used (3/3 requests, learned"
                + " 2026-11-22T13:00:00Z), resets 2026-11-22T16:00:00Z; skipped until 2026-11-22T16:00:00Z unless a"
                + " call pins it\n"), text);
    }

    @Test
    void aFailedLastAttemptShowsItsKindAndError() {
        f.subscription("opus", "claude_code");
        f.priority("opus");
        AttemptRecord failed = new AttemptRecord(T0.minusSeconds(200), "r", "opus::claude_code", "opus",
                Tier.SUBSCRIPTION, false, FailureKind.RATE_LIMITED, "usage limit reached", Duration.ofMillis(400));

        String text = plain(Map.of("opus::claude_code", failed));

        assertTrue(text.contains("    last     failed (rate_limited) 3m ago, took 0.4 s: usage limit reached\n"), text);
    }

    @Test
    void onATerminalEveryLineIsCutToTheWidthAndColoured() {
        f.subscription("opus", "claude_code").unavailable("claude not found on PATH; install Claude Code from"
                + " https://docs.anthropic.com and log in with claude login");
        f.subscription("opus", "opencode");
        f.priority("opus");

        List<AttributedString> lines = new DashboardText(40, true).lines(frame(Map.of()));

        assertTrue(lines.stream().allMatch(l -> l.columnLength() <= 40), lines.toString());
        assertTrue(lines.stream().anyMatch(l -> l.toString().equals("  ✗ opus::claude_code  unavailable: cla…")),
                lines.toString());
        String ansi = lines.stream().map(AttributedString::toAnsi).reduce("", String::concat);
        assertTrue(ansi.contains("\u001b[31m✗ opus::claude_code"), ansi);  // red
        assertTrue(ansi.contains("\u001b[32m● opus::opencode"), ansi);     // green
        assertFalse(DashboardText.plain(frame(Map.of())).contains("\u001b"));
    }
}
