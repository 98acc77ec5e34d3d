package io.harnessrouter.host.status;

import static io.harnessrouter.host.routing.RoutingFixture.T0;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.harnessrouter.host.config.RoutingSettings;
import io.harnessrouter.host.quota.LearnedLimit;
import io.harnessrouter.host.quota.Measure;
import io.harnessrouter.host.quota.Period;
import io.harnessrouter.host.quota.QuotaPolicy;
import io.harnessrouter.host.quota.QuotaWindow;
import io.harnessrouter.host.quota.Usage;
import io.harnessrouter.host.routing.Router;
import io.harnessrouter.host.routing.RoutingFixture;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * status and status.json show each route's quota windows as the router sees them: used / limit,
 * percent, reset, the projection at the last hour's rate, declared or learned, and whether the
 * route is passed over or used up.
 */
class StatusQuotaTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final RoutingFixture f = new RoutingFixture();

    @AfterEach
    void stopPool() {
        f.close();
    }

    private static QuotaPolicy requestsPer(long limit, String period) {
        return new QuotaPolicy(Optional.empty(), List.of(QuotaWindow.declared(Measure.REQUESTS, limit,
                Period.parse(period))), OptionalDouble.empty());
    }

    private void served(String routeId, int n, Duration ago) {
        f.store.addUsage(routeId, T0.minus(ago), new Usage(n, 0, 0, 0, Optional.empty()));
    }

    /** opus::claude_code 30/45 in the last half hour; opus::opencode 40/45 two hours ago; opus::codex learned 3/5h, 3 used. */
    private StatusReport report() {
        f.subscription("opus", "claude_code");
        f.subscription("opus", "opencode");
        f.subscription("opus", "codex");
        f.subscription("opus", "gemini");
        f.priority("opus");
        f.quotaPolicy("opus::claude_code", requestsPer(45, "5h"));
        f.quotaPolicy("opus::opencode", requestsPer(45, "5h"));
        served("opus::claude_code", 30, Duration.ofMinutes(30));
        served("opus::opencode", 40, Duration.ofHours(2));
        f.store.saveLearnedLimit(new LearnedLimit("opus::codex", 3, Duration.ofHours(5), T0.minus(Duration.ofHours(1))));
        served("opus::codex", 3, Duration.ofHours(3));
        Router router = f.router();
        return StatusReport.build(f.table(), f.store, T0, Duration.ofSeconds(60),
                ConfigStatus.loaded(Path.of("/c.yaml"), List.of()), Blockers.fromAvailabilityOnly(),
                router.plan(io.harnessrouter.host.routing.RouteRequest.of("s", "")).stream().findFirst(), List.of(),
                Optional.empty(), RoutingSettings.DEFAULTS, router.headroom());
    }

    @Test
    void statusJsonCarriesEachWindowWithItsProjectionAndWhetherItWasDeclaredOrLearned() {
        JsonNode root = StatusJson.render(report(), JSON);

        JsonNode claude = root.get("opus::claude_code").get("quotaWindows");
        assertEquals("within", claude.get("standing").asText());
        assertEquals(0.8, claude.get("threshold").asDouble());
        JsonNode w = claude.get("windows").get(0);
        assertEquals("requests", w.get("measure").asText());
        assertEquals(30, w.get("used").asInt());
        assertEquals(45, w.get("limit").asInt());
        assertEquals(67, w.get("percent").asInt());
        assertEquals("5h", w.get("period").asText());
        assertEquals("2026-11-22T18:30:00Z", w.get("resetsAt").asText());
        assertEquals(1800, w.get("limitInSec").asLong());
        assertEquals("at this rate: limit in 0.5 h; resets in 4.5 h", w.get("projection").asText());
        assertEquals("declared", w.get("limitSource").asText());

        JsonNode opencode = root.get("opus::opencode").get("quotaWindows");
        assertEquals("passed_over", opencode.get("standing").asText());
        assertTrue(opencode.get("note").asText().startsWith("passed over: 89% of the 5h window used"),
                opencode.get("note").asText());
        assertTrue(opencode.get("windows").get(0).get("projection").isNull());

        JsonNode codex = root.get("opus::codex").get("quotaWindows");
        assertEquals("used_up", codex.get("standing").asText());
        assertEquals("learned", codex.get("windows").get(0).get("limitSource").asText());
        assertEquals("2026-11-22T13:00:00Z", codex.get("windows").get(0).get("learnedAt").asText());
        assertTrue(codex.get("windows").get(0).get("exhausted").asBoolean());

        JsonNode gemini = root.get("opus::gemini").get("quotaWindows");
        assertEquals("within", gemini.get("standing").asText());
        assertEquals(0, gemini.get("windows").size());
    }

    @Test
    void statusTextShowsAWindowLinePerWindowAndWhyARouteIsPassedOverOrSkipped() {
        String text = StatusText.render(report());

        assertTrue(text.contains("      window     : 30/45 requests per 5h, 67%, declared, resets 2026-11-22T18:30:00Z;"
                + " at this rate: limit in 0.5 h; resets in 4.5 h\n"), text);
        assertTrue(text.contains("      window     : 40/45 requests per 5h, 89%, declared, resets 2026-11-22T17:00:00Z\n"
                + "      quota note : passed over: 89% of the 5h window used (40/45 requests, declared),"
                + " resets 2026-11-22T17:00:00Z; tried after the routes of this model with headroom\n"), text);
        assertTrue(text.contains("      window     : 3/3 requests per 5h, 100%, learned 2026-11-22T13:00:00Z (estimate),"
                + " resets 2026-11-22T16:00:00Z; used up\n"
                + "      quota note : quota used up: 100% of the 5h window used (3/3 requests, learned"
                + " 2026-11-22T13:00:00Z), resets 2026-11-22T16:00:00Z; skipped until 2026-11-22T16:00:00Z unless a call"
                + " pins it\n"), text);
    }
}
