package io.harnessrouter.host.dashboard;

import static io.harnessrouter.host.routing.RoutingFixture.T0;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import io.harnessrouter.api.FailureKind;
import io.harnessrouter.api.Tier;
import io.harnessrouter.host.config.RoutingSettings;
import io.harnessrouter.host.quota.LearnedLimit;
import io.harnessrouter.host.quota.Usage;
import io.harnessrouter.host.routing.RouteRequest;
import io.harnessrouter.host.routing.Router;
import io.harnessrouter.host.routing.RoutingFixture;
import io.harnessrouter.host.state.AttemptRecord;
import io.harnessrouter.host.state.SlotClaim;
import io.harnessrouter.host.status.Blockers;
import io.harnessrouter.host.status.ConfigStatus;
import io.harnessrouter.host.status.StatusReport;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The dashboard example in docs/operations.md is what the dashboard prints for the state it describes. */
class DashboardDocTest {

    private final RoutingFixture f = new RoutingFixture();

    @AfterEach
    void stopPool() {
        f.close();
    }

    private void attempt(String route, Instant at, FailureKind kind, String error, long millis) {
        f.store.recordAttempt(new AttemptRecord(at, "r", route, "opus", Tier.SUBSCRIPTION, kind == FailureKind.NONE,
                kind, error, Duration.ofMillis(millis)));
    }

    @Test
    void theOperationsDocExampleIsTheRenderedFrame() throws Exception {
        f.subscription("opus", "claude_code");
        f.subscription("opus", "codex");
        f.priority("opus");
        f.quotaPolicy("opus::claude_code", DashboardTextTest.requestsPer(45, "5h"));
        f.store.addUsage("opus::claude_code", T0.minusSeconds(1800), new Usage(30, 0, 0, 0, Optional.empty()));
        attempt("opus::claude_code", T0.minusSeconds(900), FailureKind.RATE_LIMITED, "429", 500);
        for (int i = 10; i >= 0; i--) {
            attempt("opus::claude_code", T0.minusSeconds(12 + i * 60L), FailureKind.NONE, "", 3200);
        }
        assertInstanceOf(SlotClaim.Granted.class, f.store.tryAcquireSlot("opus::claude_code", 4));
        f.store.saveLearnedLimit(new LearnedLimit("opus::codex", 3, Duration.ofHours(5), T0.minusSeconds(3600)));
        f.store.addUsage("opus::codex", T0.minus(Duration.ofHours(3)), new Usage(3, 0, 0, 0, Optional.empty()));
        attempt("opus::codex", T0.minusSeconds(3 * 3600), FailureKind.NONE, "", 1000);
        attempt("opus::codex", T0.minusSeconds(3 * 3600 - 60), FailureKind.NONE, "", 1000);
        attempt("opus::codex", T0.minusSeconds(200), FailureKind.RATE_LIMITED, "usage limit reached", 400);
        f.openBreaker("opus::codex", T0.plusSeconds(75), 1, "429 Too Many Requests");

        Router router = f.router();
        StatusReport report = StatusReport.build(f.table(), f.store, T0, Duration.ofSeconds(60),
                ConfigStatus.loaded(Path.of("/home/dev/.harness-router/config.yaml"), List.of()),
                Blockers.fromAvailabilityOnly(), router.plan(RouteRequest.of("d", "")).stream().findFirst(),
                List.of(), Optional.empty(), RoutingSettings.DEFAULTS, router.headroom());
        Map<String, AttemptRecord> last = new HashMap<>();
        f.store.recentAttempts(100).forEach(a -> last.putIfAbsent(a.routeId(), a));
        String rendered = DashboardText.plain(new DashboardFrame(report,
                Path.of("/home/dev/.harness-router/state.db"), last));

        assertEquals(docExample(), rendered);
    }

    /** The first {@code text} block of the dashboard section. */
    private static String docExample() throws Exception {
        String doc = Files.readString(Path.of("..", "docs", "operations.md"));
        String section = doc.substring(doc.indexOf("\n## dashboard\n"));
        int start = section.indexOf("```text\n") + "```text\n".length();
        return section.substring(start, section.indexOf("```\n", start));
    }
}
