package io.harnessrouter.host.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.harnessrouter.api.testkit.FakeClis;
import io.harnessrouter.host.doctor.DoctorTestPlugin;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** {@code harness-router list-services} from a temp config and the test plugin, without dispatching. */
@Timeout(60)
class ListServicesCommandTest {
    @TempDir
    Path home;

    final Map<String, String> env = new HashMap<>();
    Path config;
    Path plugins;

    @BeforeEach
    void setUp() throws Exception {
        Path bin = Files.createDirectories(home.resolve("bin"));
        FakeClis.install("claude", bin);
        env.put("HOME", home.toString());
        env.put("PATH", bin + ":/usr/bin:/bin");
        env.put("FAKE_CLAUDE_ARGV_LOG", home.resolve("argv.log").toString());
        plugins = DoctorTestPlugin.pluginsDir(home);
        config = Files.writeString(home.resolve("config.yaml"), """
                priority: [opus, gpt]
                models:
                  opus:
                    subscription:
                      - harness: claude_code
                        cli_model_override: claude-opus-4-1
                      - harness: claude_code
                        command: /nonexistent/claude
                      - harness: nosuch_cli
                  gpt:
                    metered:
                      - base_url: http://127.0.0.1:9/v1
                        api_key: sk-list-secret
                        enabled: false
                """);
    }

    private CliRun list(String... args) {
        List<String> all = new java.util.ArrayList<>(List.of("list-services", "--config", config.toString(),
                "--plugins-dir", plugins.toString()));
        all.addAll(List.of(args));
        return CliRun.run(env, "", all.toArray(String[]::new));
    }

    @Test
    void listsEveryRouteWithItsAvailabilityAndWhyNot() {
        CliRun r = list();

        assertEquals(0, r.exitCode(), r.err());
        List<String> lines = r.out().lines().toList();
        assertEquals("Routes in " + config + " (priority opus → gpt):", lines.get(0));
        assertEquals("  opus::claude_code    model=opus tier=subscription harness=claude_code sends=claude-opus-4-1"
                + "  ✓ available", lines.get(1));
        assertTrue(lines.get(2).startsWith("  opus::claude_code#1  model=opus tier=subscription harness=claude_code"
                + " sends=opus  ✗ "), lines.get(2));
        assertTrue(lines.get(2).contains("/nonexistent/claude"), lines.get(2));
        assertTrue(lines.get(3).startsWith("  opus::nosuch_cli     model=opus tier=subscription harness=nosuch_cli"
                + " sends=opus  ✗ no plugin provides harness 'nosuch_cli'"), lines.get(3));
        assertEquals("  gpt::127.0.0.1:9     model=gpt tier=metered harness=openai_compatible sends=gpt"
                + "  ✗ disabled in config (enabled: false)", lines.get(4));
        assertEquals("1/4 routes available", lines.get(5));
        assertFalse(r.out().contains("sk-list-secret"));
        assertFalse(Files.exists(home.resolve("argv.log")), "nothing was dispatched");
        assertFalse(Files.exists(home.resolve(".harness-router/state.db")), "no state file opened");
    }

    @Test
    void jsonCarriesTheSameRowsForPrograms() throws Exception {
        CliRun r = list("--json");

        assertEquals(0, r.exitCode(), r.err());
        JsonNode root = new ObjectMapper().readTree(r.out());
        assertEquals(config.toString(), root.get("config").asText());
        JsonNode routes = root.get("routes");
        assertEquals(4, routes.size());
        assertEquals("opus::claude_code", routes.get(0).get("id").asText());
        assertTrue(routes.get(0).get("available").asBoolean());
        assertTrue(routes.get(0).get("reason").isNull());
        assertEquals("claude-opus-4-1", routes.get(0).get("cli_model").asText());
        assertFalse(routes.get(3).get("available").asBoolean());
        assertFalse(routes.get(3).get("enabled").asBoolean());
        assertEquals("disabled in config (enabled: false)", routes.get(3).get("reason").asText());
        assertEquals("metered", routes.get(3).get("tier").asText());
    }

    @Test
    void anInvalidConfigExitsOneWithTheLoadersMessage() throws Exception {
        Files.writeString(config, "priority: [opus]\nmodels:\n  opus:\n    subscription:\n      - harness: claude_code\n"
                + "        enabled: maybe\n");

        CliRun r = list();

        assertEquals(1, r.exitCode());
        assertTrue(r.err().contains("enabled: must be true or false"), r.err());
        assertFalse(r.err().contains("Exception"), r.err());
    }
}
