package io.harnessrouter.host.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.harnessrouter.host.routing.MutableClock;
import io.harnessrouter.host.status.StatusJson;
import io.harnessrouter.host.status.StatusReport;
import io.harnessrouter.host.status.StatusText;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What the running application reports about itself: the status a host reads and the banner the
 * stdio server prints, built from the real config reloader, plugin registry and state store.
 */
class RouterRuntimeStatusTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path home;
    private final MutableClock clock = new MutableClock(Instant.parse("2026-12-01T12:00:00Z"));

    private RouterRuntime start(Optional<Path> config, Optional<Path> stateDb) throws Exception {
        Path plugins = Files.createDirectories(home.resolve("plugins"));
        RouterRuntime runtime = new RouterRuntime(new RuntimeOptions(config, stateDb.or(() -> Optional.of(
                home.resolve("state.db"))), Optional.of(plugins), Map.of("HOME", home.toString()), home, "1.2.3", clock));
        runtime.start().get();
        return runtime;
    }

    @Test
    void withoutAConfigFileStatusJsonSaysItIsMissingWhereItLookedAndWhatToDo() throws Exception {
        try (RouterRuntime runtime = start(Optional.empty(), Optional.empty())) {
            StatusReport report = runtime.status();
            JsonNode json = StatusJson.render(report, JSON);

            assertEquals("missing", json.at("/config/state").asText(), json.toString());
            assertEquals(home.resolve(".harness-router/config.yaml").toString(), json.at("/config/file").asText());
            assertEquals("Create one (see docs/configuration.md for a complete example) or pass --config <path>",
                    json.at("/config/fix").asText());
            assertTrue(json.at("/stateStore/shared").asBoolean(), json.toString());
            assertTrue(Banner.lines(report, "1.2.3").get(0).startsWith("[harness-router v1.2.3] not routing yet: Config "
                    + home.resolve(".harness-router/config.yaml") + " has 1 problem:"));
        }
    }

    @Test
    void statusJsonShowsTheQuotaWindowsEveryProcessCountedAgainst() throws Exception {
        Path config = Files.writeString(home.resolve("config.yaml"), "priority: [m]\nmodels:\n  m:\n    subscription:\n"
                + "      - harness: codex\n        quota: {requests: 45, per: 5h}\n");
        try (var other = io.harnessrouter.host.state.SqliteStateStore.open(home.resolve("state.db"))) {
            other.addUsage("m::codex", clock.instant().minus(Duration.ofHours(2)),
                    new io.harnessrouter.host.quota.Usage(40, 0, 0, 0, Optional.empty()));
        }
        try (RouterRuntime runtime = start(Optional.of(config), Optional.empty())) {
            JsonNode q = StatusJson.render(runtime.status(), JSON).get("m::codex").get("quotaWindows");

            assertEquals("passed_over", q.get("standing").asText(), q.toString());
            assertEquals(40, q.at("/windows/0/used").asInt(), q.toString());
            assertEquals(45, q.at("/windows/0/limit").asInt());
            assertEquals("2026-12-01T15:00:00Z", q.at("/windows/0/resetsAt").asText());
        }
    }

    @Test
    void aStateFileThatCannotBeOpenedIsInTheJsonAndTheText() throws Exception {
        Path notADir = Files.writeString(home.resolve("a-file"), "x");
        Path config = Files.writeString(home.resolve("config.yaml"), "priority: [m]\nmodels:\n  m: {subscription: {harness: codex}}\n");
        try (RouterRuntime runtime = start(Optional.of(config), Optional.of(notADir.resolve("state.db")))) {
            StatusReport report = runtime.status();
            JsonNode json = StatusJson.render(report, JSON);

            assertFalse(json.at("/stateStore/shared").asBoolean(true), json.toString());
            String problem = json.at("/stateStore/problem").asText();
            assertTrue(problem.endsWith("routing with in-memory state: counters, breakers and quota are not shared with"
                    + " other harness-router processes and are lost at exit"), problem);
            assertTrue(StatusText.render(report).contains("Note          : " + problem), StatusText.render(report));
            assertTrue(Banner.lines(report, "1.2.3").contains("[harness-router] note: " + problem));
        }
    }

    @Test
    void theBannerGroupsRoutesWithoutAPluginAndRoutesWithoutTheirKey() throws Exception {
        Path config = Files.writeString(home.resolve("config.yaml"), """
                priority: [gpt, gemini]
                models:
                  gpt:
                    subscription:
                      - harness: codex
                      - harness: copilot
                    metered:
                      base_url: https://api.openai.com/v1
                      api_key: ${OPENAI_API_KEY}
                  gemini:
                    subscription: {harness: gemini_cli}
                """);
        try (RouterRuntime runtime = start(Optional.of(config), Optional.empty())) {
            List<String> lines = Banner.lines(runtime.status(), "1.2.3");

            assertEquals(List.of(
                    "[harness-router v1.2.3] 0/4 routes reachable (0 subscription, 0 metered) | priority: gpt → gemini",
                    "[harness-router] ready: (none)",
                    "[harness-router] 4 routes unreachable:",
                    "[harness-router]   3 routes have no plugin for their harnesses (codex, copilot, gemini_cli):"
                            + " gpt::codex, gpt::copilot, gemini::gemini_cli",
                    "[harness-router]   1 route needs OPENAI_API_KEY, which is not set: gpt::api.openai.com",
                    "[harness-router] nothing is reachable: run `harness-router doctor` to see what is installed and"
                            + " what is missing"), lines);
        }
    }

    @Test
    void aRefusedEditIsStaleWithTheRefusedProblemsWhileThePreviousConfigRoutes() throws Exception {
        Path config = Files.writeString(home.resolve("config.yaml"), "priority: [m]\nmodels:\n  m: {subscription: {harness: codex}}\n");
        try (RouterRuntime runtime = start(Optional.of(config), Optional.empty())) {
            runtime.status();
            Files.writeString(config, "priority: [nope]\nmodels:\n  m: {subscription: {harness: codex}}\n# longer\n");
            clock.advance(Duration.ofSeconds(1));

            JsonNode json = StatusJson.render(runtime.status(), JSON);

            assertEquals("stale", json.at("/config/state").asText(), json.toString());
            assertEquals(1, json.at("/config/errors/0/line").asInt());
            assertEquals("priority[0]", json.at("/config/errors/0/path").asText());
            assertEquals("no_plugin", json.at("/m::codex/unreachable/kind").asText(), json.toString());
        }
    }
}
