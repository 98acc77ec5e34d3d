package io.harnessrouter.host.status;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.harnessrouter.api.support.DefaultProcessRunner;
import io.harnessrouter.host.config.Config;
import io.harnessrouter.host.config.ConfigException;
import io.harnessrouter.host.config.ConfigLoader;
import io.harnessrouter.host.config.ConfigProblem;
import io.harnessrouter.host.plugins.DefaultHarnessContext;
import io.harnessrouter.host.plugins.HarnessRegistry;
import io.harnessrouter.host.plugins.PluginProblem;
import io.harnessrouter.host.routing.InMemoryStateStore;
import io.harnessrouter.host.routing.RoutingTable;
import io.harnessrouter.host.runtime.RoutingTables;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Every problem the text status shows is in {@code status.json} too, structured: the config's
 * state with each error and warning as file, line and path; plugin problems; the state store's
 * fallback to memory; and why each enabled route is unreachable.
 */
class StatusProblemsTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Path FILE = Path.of("/home/dev/.harness-router/config.yaml");
    private static final Instant NOW = Instant.parse("2026-12-01T12:00:00Z");
    private static final String STORE_PROBLEM = "cannot open /home/dev/.harness-router/state.db: read-only file system"
            + " — routing with in-memory state";
    private static final PluginProblem PLUGIN = new PluginProblem("plugin broken@1.0 (broken.jar)",
            "requires harness-router >=9.0.0, this is 0.1.0", "install a release of the plugin built for 0.1");

    private HarnessRegistry registry;
    private DefaultProcessRunner runner;

    @BeforeEach
    void setUp() {
        registry = HarnessRegistry.load(List.of(), "0.0.0");
        runner = new DefaultProcessRunner(Map.of());
    }

    @AfterEach
    void tearDown() {
        runner.close();
        registry.close();
    }

    private StatusReport report(Config config, ConfigStatus status) {
        RoutingTable table = RoutingTables.build(config, registry,
                new DefaultHarnessContext(runner, Clock.systemUTC(), Map.of()));
        return StatusReport.build(table, new InMemoryStateStore(), NOW, Duration.ofMinutes(5), status,
                Blockers.of(config, registry), Optional.empty(), List.of(PLUGIN), Optional.of(STORE_PROBLEM));
    }

    /** A config in use whose last edit was refused, with a warning, and routes unreachable three ways. */
    private StatusReport everyProblem() {
        Config config = ConfigLoader.parse(FILE, """
                priority: [gpt]
                surprise: 1
                models:
                  gpt:
                    subscription:
                      - harness: codex
                      - harness: builtin_test
                    metered:
                      base_url: https://api.openai.com/v1
                      api_key: ${OPENAI_API_KEY}
                """, Map.of());
        ConfigException refused = assertThrows(ConfigException.class, () -> ConfigLoader.parse(FILE, """
                priority: [nope]
                models:
                  gpt: {subscription: {harness: codex, enabled: maybe}}
                """, Map.of()));
        return report(config, ConfigStatus.stale(FILE, refused, config.warnings()));
    }

    @Test
    void everyProblemTheTextShowsIsInTheJsonWithItsFileLineAndPath() throws Exception {
        StatusReport report = everyProblem();

        String text = StatusText.render(report);
        JsonNode json = StatusJson.render(report, JSON);

        List<ConfigProblem> errors = report.config().errors();
        assertEquals(2, errors.size(), errors.toString());
        for (int i = 0; i < errors.size(); i++) {
            assertTrue(text.contains(errors.get(i).toString()), text);
            assertProblem(errors.get(i), json.at("/config/errors/" + i));
        }
        ConfigProblem warning = report.config().warnings().get(0);
        assertEquals("/home/dev/.harness-router/config.yaml:2: surprise: unknown top-level key, ignored", warning.toString());
        assertTrue(text.contains("Note          : " + warning), text);
        assertProblem(warning, json.at("/config/warnings/0"));
        assertEquals("stale", json.at("/config/state").asText());
        assertEquals(FILE.toString(), json.at("/config/file").asText());
        assertTrue(text.contains(report.config().message().lines().findFirst().orElseThrow()), text);
        assertEquals(report.config().message(), json.at("/config/message").asText());

        assertTrue(text.contains("Note          : " + PLUGIN), text);
        assertEquals(PLUGIN.plugin(), json.at("/plugins/problems/0/plugin").asText());
        assertEquals(PLUGIN.problem(), json.at("/plugins/problems/0/problem").asText());
        assertEquals(PLUGIN.fix(), json.at("/plugins/problems/0/fix").asText());

        assertTrue(text.contains("Note          : " + STORE_PROBLEM), text);
        assertFalse(json.at("/stateStore/shared").asBoolean(true));
        assertEquals(STORE_PROBLEM, json.at("/stateStore/problem").asText());

        List<String> kinds = new ArrayList<>();
        for (StatusReport.RouteStatus r : report.routes()) {
            assertTrue(text.contains("      note       : " + r.availabilityReason()), text);
            JsonNode route = json.get(r.id());
            assertEquals(r.availabilityReason(), route.get("unavailableReason").asText());
            assertEquals(r.availabilityReason(), route.at("/unreachable/reason").asText());
            kinds.add(route.at("/unreachable/kind").asText());
        }
        assertEquals(List.of("no_plugin", "unavailable", "unset_variables"), kinds);
        assertEquals("codex", json.at("/gpt::codex/unreachable/harness").asText());
        assertEquals("OPENAI_API_KEY", json.at("/gpt::api.openai.com/unreachable/variables/0").asText());
    }

    @Test
    void withNoConfigFileTheJsonSaysItIsMissingWhereItLookedAndWhatToDo() throws Exception {
        ConfigException missing = assertThrows(ConfigException.class, () -> ConfigLoader.load(
                Path.of("/nonexistent-harness-router-dir/config.yaml"), Map.of()));
        Path looked = Path.of("/nonexistent-harness-router-dir/config.yaml");
        StatusReport report = StatusReport.unconfigured(NOW, ConfigStatus.notLoaded(looked, Optional.of(missing)),
                List.of(), Optional.empty());

        JsonNode json = StatusJson.render(report, JSON);
        String text = StatusText.render(report);

        assertEquals("missing", json.at("/config/state").asText());
        assertEquals(looked.toString(), json.at("/config/file").asText());
        assertEquals(ConfigLoader.MISSING_FILE_FIX, json.at("/config/fix").asText());
        assertEquals(0, json.at("/config/errors/0/line").asInt());
        assertEquals(ConfigLoader.MISSING_FILE, json.at("/config/errors/0/message").asText());
        assertTrue(json.at("/stateStore/shared").asBoolean());
        assertTrue(text.contains(looked + ":0: " + ConfigLoader.MISSING_FILE), text);
    }

    @Test
    void anInvalidFileIsInvalidWithEveryProblem() throws Exception {
        ConfigException e = assertThrows(ConfigException.class, () -> ConfigLoader.parse(FILE,
                "priority: [x]\nmodels: {}\n", Map.of()));

        JsonNode json = StatusJson.render(StatusReport.unconfigured(NOW, ConfigStatus.notLoaded(FILE, Optional.of(e)),
                List.of(), Optional.empty()), JSON);

        assertEquals("invalid", json.at("/config/state").asText());
        assertProblem(e.problems().get(0), json.at("/config/errors/0"));
        assertEquals(e.getMessage(), json.at("/config/message").asText());
    }

    @Test
    void aLoadedConfigHasNoMessageAndSharedState() throws Exception {
        Config config = ConfigLoader.parse(FILE, "priority: [m]\nmodels:\n  m: {subscription: {harness: codex}}\n", Map.of());
        RoutingTable table = RoutingTables.build(config, registry,
                new DefaultHarnessContext(runner, Clock.systemUTC(), Map.of()));
        StatusReport report = StatusReport.build(table, new InMemoryStateStore(), NOW, Duration.ofMinutes(5),
                ConfigStatus.loaded(FILE, config.warnings()), Blockers.of(config, registry), Optional.empty(),
                List.of(), Optional.empty());

        JsonNode json = StatusJson.render(report, JSON);

        assertEquals("loaded", json.at("/config/state").asText());
        assertTrue(json.at("/config/message").isMissingNode(), json.toString());
        assertEquals(0, json.at("/config/errors").size());
        assertEquals(0, json.at("/plugins/problems").size());
        assertTrue(json.at("/stateStore/shared").asBoolean());
        assertEquals(false, json.at("/m::codex/available").asBoolean());
    }

    private static void assertProblem(ConfigProblem expected, JsonNode actual) {
        assertEquals(expected.file().toString(), actual.get("file").asText(), actual.toString());
        assertEquals(expected.line(), actual.get("line").asInt(), actual.toString());
        assertEquals(expected.path(), actual.get("path").asText(), actual.toString());
        assertEquals(expected.message(), actual.get("message").asText(), actual.toString());
    }
}
