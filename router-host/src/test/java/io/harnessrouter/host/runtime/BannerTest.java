package io.harnessrouter.host.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.harnessrouter.api.Tier;
import io.harnessrouter.host.config.ConfigMissingException;
import io.harnessrouter.host.plugins.PluginProblem;
import io.harnessrouter.host.state.BreakerState;
import io.harnessrouter.host.state.RouteCounters;
import io.harnessrouter.host.status.Blocker;
import io.harnessrouter.host.status.ConfigStatus;
import io.harnessrouter.host.status.StatusReport;
import io.harnessrouter.host.status.StatusReport.RouteStatus;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The start banner says how many routes are reachable, and for the others how many and why, grouped. */
class BannerTest {
    private static final Path FILE = Path.of("/home/dev/.harness-router/config.yaml");
    private static final Instant NOW = Instant.parse("2026-12-01T12:00:00Z");

    private static RouteStatus route(String id, Tier tier, boolean enabled, Optional<Blocker> blocker) {
        String reason = blocker.map(Blocker::reason).orElse(enabled ? "" : "disabled in config (enabled: false)");
        return new RouteStatus(id, id.substring(0, id.indexOf("::")), tier, "h", "c", enabled,
                blocker.isEmpty() || blocker.get() instanceof Blocker.BreakerOpen, reason, blocker,
                RouteCounters.zero(id), Optional.empty(), 1.0, BreakerState.closed(id), 0, 4);
    }

    private static Optional<Blocker> noPlugin(String harness) {
        return Optional.of(new Blocker.NoPlugin(harness, "no plugin provides harness '" + harness + "' (...)"));
    }

    private static Optional<Blocker> unset(String... names) {
        return Optional.of(new Blocker.UnsetVariables(List.of(names), "needs ..., which is not set: ..."));
    }

    private static StatusReport report(List<RouteStatus> routes) {
        return new StatusReport(NOW, ConfigStatus.loaded(FILE, List.of()), List.of("opus", "gpt", "gemini"), routes,
                Optional.empty(), List.of(), Optional.empty(), List.of());
    }

    @Test
    void countsTheUnreachableRoutesAndGroupsThemByCause() {
        StatusReport report = report(List.of(
                route("opus::claude_code", Tier.SUBSCRIPTION, true, Optional.empty()),
                route("opus::cursor", Tier.SUBSCRIPTION, false, Optional.empty()),
                route("opus::api.anthropic.com", Tier.METERED, true, unset("ANTHROPIC_API_KEY")),
                route("gpt::codex", Tier.SUBSCRIPTION, true, noPlugin("codex")),
                route("gpt::copilot", Tier.SUBSCRIPTION, true, noPlugin("copilot")),
                route("gpt::api.openai.com", Tier.METERED, true, unset("OPENAI_API_KEY")),
                route("gpt::api.openai.com#1", Tier.METERED, true, unset("OPENAI_API_KEY")),
                route("gemini::gemini_cli", Tier.SUBSCRIPTION, true, noPlugin("gemini_cli")),
                route("gemini::opencode", Tier.SUBSCRIPTION, true,
                        Optional.of(new Blocker.Unavailable("opencode CLI not found on PATH\ninstall it"))),
                route("gemini::g.example.com", Tier.METERED, true,
                        Optional.of(new Blocker.BreakerOpen("circuit breaker open until 2026-12-01T12:05:00Z")))));

        assertEquals(List.of(
                "[harness-router v1.2.3] 1/9 routes reachable (1 subscription, 0 metered) | priority: opus → gpt → gemini",
                "[harness-router] ready: opus::claude_code",
                "[harness-router] 8 routes unreachable:",
                "[harness-router]   3 routes have no plugin for their harnesses (codex, copilot, gemini_cli):"
                        + " gpt::codex, gpt::copilot, gemini::gemini_cli",
                "[harness-router]   1 route needs ANTHROPIC_API_KEY, which is not set: opus::api.anthropic.com",
                "[harness-router]   2 routes need OPENAI_API_KEY, which is not set: gpt::api.openai.com, gpt::api.openai.com#1",
                "[harness-router]   1 route is unavailable (opencode CLI not found on PATH): gemini::opencode",
                "[harness-router]   1 route has its circuit breaker open: gemini::g.example.com"),
                Banner.lines(report, "1.2.3"));
    }

    @Test
    void saysSoWhenEveryRouteIsReachable() {
        StatusReport report = report(List.of(route("opus::claude_code", Tier.SUBSCRIPTION, true, Optional.empty())));

        assertEquals(List.of(
                "[harness-router v1.2.3] 1/1 routes reachable (1 subscription, 0 metered) | priority: opus → gpt → gemini",
                "[harness-router] ready: opus::claude_code"), Banner.lines(report, "1.2.3"));
    }

    @Test
    void namesOneRouteWithoutAPluginAndSeveralVariablesInTheSingular() {
        StatusReport report = report(List.of(
                route("gpt::codex", Tier.SUBSCRIPTION, true, noPlugin("codex")),
                route("gpt::api.openai.com", Tier.METERED, true, unset("A", "B", "C"))));

        assertEquals(List.of(
                "[harness-router v1.2.3] 0/2 routes reachable (0 subscription, 0 metered) | priority: opus → gpt → gemini",
                "[harness-router] ready: (none)",
                "[harness-router] 2 routes unreachable:",
                "[harness-router]   1 route has no plugin for its harness (codex): gpt::codex",
                "[harness-router]   1 route needs A, B and C, which are not set: gpt::api.openai.com",
                "[harness-router] nothing is reachable: run `harness-router doctor` to see what is installed and what is"
                        + " missing"), Banner.lines(report, "1.2.3"));
    }

    @Test
    void withoutAConfigSaysWhyAndStillShowsPluginAndStateProblems() {
        PluginProblem plugin = new PluginProblem("plugin x", "broken", "reinstall it");
        StatusReport report = StatusReport.unconfigured(NOW,
                ConfigStatus.notLoaded(FILE, Optional.of(new ConfigMissingException(FILE))), List.of(plugin),
                Optional.of("state.db locked — routing with in-memory state"));

        assertEquals(List.of(
                "[harness-router v1.2.3] not routing yet: Config " + FILE + " has 1 problem:\n  " + FILE
                        + ":0: no config file here. Create one (see docs/configuration.md for a complete example) or pass"
                        + " --config <path>",
                "[harness-router] serving MCP anyway; the code tool answers with this message until the config is fixed"
                        + " (it is re-read on every call)",
                "[harness-router] note: plugin x: broken; reinstall it",
                "[harness-router] note: state.db locked — routing with in-memory state"), Banner.lines(report, "1.2.3"));
    }
}
