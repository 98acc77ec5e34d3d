package io.harnessrouter.host.cli;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.harnessrouter.api.testkit.FakeClis;
import io.harnessrouter.api.testkit.FakeOpenAiServer;
import io.harnessrouter.host.doctor.DoctorTestPlugin;
import io.harnessrouter.host.doctor.Style;
import io.harnessrouter.host.doctor.testplugin.FakeClaudeHarness;
import io.harnessrouter.host.doctor.testplugin.ThrowingProbeHarness;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code harness-router doctor} run in process through picocli, with the fake {@code claude} of
 * the test kit on PATH and the test harnesses loaded from a real plugin JAR
 * ({@link DoctorTestPlugin}). The registry also always holds the class path's {@code builtin_test}
 * harness, which is ready.
 */
class DoctorCommandTest {

    private static final String BUILTIN = """
              builtin_test — Built-in test harness
                ✓ installed  yes
                ✓ auth       logged in
                  test harness: nothing to install
            """;
    private static final String API = """
              openai_compatible — OpenAI-compatible API (test double)
                ✓ installed  yes
                - auth       unknown until a route answers
                  HTTP harness: each route is checked with a live probe
            """;
    private static final String ROUTES_HEADING = "Routes: each enabled route gets one prompt through its own dispatcher"
            + " and model (60 s at most; not counted in the state database)\n";

    @TempDir
    Path home;
    private Path bin;
    private Path plugins;
    private Path argvLog;
    private final Map<String, String> env = new HashMap<>();

    @BeforeEach
    void setUp() throws Exception {
        bin = Files.createDirectories(home.resolve("bin"));
        FakeClis.install("claude", bin);
        plugins = DoctorTestPlugin.pluginsDir(home);
        argvLog = home.resolve("argv.log");
        env.put("HOME", home.toString());
        env.put("PATH", bin + ":/usr/bin:/bin");
        env.put("FAKE_CLAUDE_ARGV_LOG", argvLog.toString());
    }

    private Path config(String yaml) throws Exception {
        return Files.writeString(home.resolve("config.yaml"), yaml);
    }

    private Path claudeConfig(String routeExtras) throws Exception {
        return config("""
                priority: [opus]
                models:
                  opus:
                    subscription:
                      - harness: claude_code
                """ + routeExtras.indent(8));
    }

    private DoctorRun doctor(String... args) {
        return DoctorRun.run(env, args);
    }

    private DoctorRun doctorWith(Path config, String... more) {
        List<String> args = new ArrayList<>(List.of("doctor", "--config", config.toString(),
                "--plugins-dir", plugins.toString()));
        args.addAll(List.of(more));
        return doctor(args.toArray(String[]::new));
    }

    /** The report with durations replaced by {@code Nms} and the temp dir by {@code ~}. */
    private String normalised(DoctorRun run) {
        return run.out().replaceAll(" \\d+ms", " Nms").replace(home.toString(), "~");
    }

    private String header(String configLine) {
        return "harness-router doctor (version dev)\n\n"
                + "Plugins: 3 harnesses (builtin_test, claude_code, openai_compatible) from ~/plugins\n"
                + configLine + "\n\nHarnesses:\n";
    }

    private static String claude(String authLine, String... steps) {
        StringBuilder s = new StringBuilder("""
                  claude_code — Claude Code CLI (test double) — command claude
                    ✓ installed  2.1.330 at ~/bin/claude
                """);
        s.append("    ").append(authLine).append("\n      claude 2.1.330 at ~/bin/claude\n");
        for (String step : steps) {
            s.append("    → ").append(step).append('\n');
        }
        return s.toString();
    }

    private static final String CLAUDE_READY = claude("- auth       unknown until a route answers");

    private List<String> argv() throws Exception {
        return Files.exists(argvLog) ? Files.readAllLines(argvLog) : List.of();
    }

    @Test
    void reportsReadyHarnessesAndARouteThatAnsweredWithItsOwnModel() throws Exception {
        Path cfg = claudeConfig("cli_model_override: claude-opus-4-1");

        DoctorRun run = doctorWith(cfg);

        assertEquals(header("Config: ✓ ~/config.yaml: 1 route (1 enabled), priority opus")
                + BUILTIN + CLAUDE_READY + API + "\n" + ROUTES_HEADING
                + "  ✓ opus::claude_code model=claude-opus-4-1 via=claude Nms \"ok from claude (model claude-opus-4-1)\"\n"
                + "\n1/1 harness ready\n(2 harnesses not used by any enabled route, not counted)\n1/1 route answered\n", normalised(run));
        assertEquals("", run.err());
        assertEquals(0, run.exitCode());
        // npm bug B3: the probe sent no --model. Ours sends the route's own model.
        assertEquals(List.of("--version", "---", "-p", "--output-format", "json", "--model", "claude-opus-4-1", "--",
                "Reply with only the single word: ok", "---"), argv());
    }

    @Test
    void missingCliIsNotReadyWithTheInstallStepAndItsRouteIsNotTried() throws Exception {
        env.put("PATH", home.resolve("empty").toString());
        Path cfg = claudeConfig("");

        DoctorRun run = doctorWith(cfg);

        assertEquals(header("Config: ✓ ~/config.yaml: 1 route (1 enabled), priority opus") + BUILTIN + """
                  claude_code — Claude Code CLI (test double) — command claude
                    ✗ installed  not found
                    - auth       unknown until a route answers
                      claude CLI not found on PATH (looked for 'claude')
                    → install it: npm install -g @anthropic-ai/claude-code
                """ + API + "\n" + ROUTES_HEADING
                + "  ✗ opus::claude_code model=opus via=claude not tried → claude CLI not found on PATH (looked for"
                + " 'claude') — install: npm install -g @anthropic-ai/claude-code\n"
                + "\n0/1 harness ready\n(2 harnesses not used by any enabled route, not counted)\n0/1 route answered\n", normalised(run));
        assertEquals(1, run.exitCode());
    }

    @Test
    void missingConfigIsReportedAndEveryHarnessIsStillCheckedWithItsDefaultCommand() {
        DoctorRun run = doctor("doctor", "--plugins-dir", plugins.toString());

        Path expected = home.resolve(".harness-router/config.yaml");
        assertEquals(header("Config: ✗ ~/.harness-router/config.yaml could not be loaded\n"
                + "  Config ~/.harness-router/config.yaml has 1 problem:\n"
                + "    ~/.harness-router/config.yaml:0: no config file here. Create one (see docs/configuration.md for a"
                + " complete example) or pass --config <path>\n"
                + "  Checking each harness with its default command; no route is probed.")
                + BUILTIN + CLAUDE_READY + API + "\nRoutes: not probed: no config loaded\n\n3/3 harnesses ready\n"
                + "config not loaded: fix ~/.harness-router/config.yaml (see above) and run doctor again\n",
                normalised(run));
        assertTrue(run.out().contains(expected.toString()));
        assertEquals("", run.err(), "no stack trace (npm bug B4)");
        assertEquals(1, run.exitCode());
    }

    @Test
    void brokenConfigShowsFileAndLineAndTheHarnessChecksGoOn() throws Exception {
        Path cfg = config("""
                priority: [opus]
                models:
                  opus:
                    subscription:
                      - harness: claude_code
                        enabled: maybe
                """);

        DoctorRun run = doctorWith(cfg);

        assertTrue(normalised(run).startsWith(header("Config: ✗ ~/config.yaml could not be loaded\n"
                + "  Config ~/config.yaml has 1 problem:\n"
                + "    ~/config.yaml:6: models.opus.subscription[0].enabled: must be true or false\n"
                + "  See docs/configuration.md for every key, with complete examples.\n"
                + "  Checking each harness with its default command; no route is probed.")), normalised(run));
        assertTrue(normalised(run).contains(CLAUDE_READY));
        assertEquals(1, run.exitCode());
    }

    @Test
    void liveProbeFailureShowsTheRoutesOwnErrorAndExitsOne() throws Exception {
        Path cfg = claudeConfig("env: {FAKE_CLAUDE_MODE: auth}");

        DoctorRun run = doctorWith(cfg);

        assertTrue(normalised(run).endsWith(ROUTES_HEADING
                + "  ✗ opus::claude_code model=opus via=claude Nms → Not logged in · Please run /login\n"
                + "\n1/1 harness ready\n(2 harnesses not used by any enabled route, not counted)\n0/1 route answered\n"), normalised(run));
        assertEquals(1, run.exitCode());
    }

    @Test
    void loggedOutHarnessIsNotReadyAndSaysHowToLogIn() throws Exception {
        env.put("FAKE_CLAUDE_LOGGED_OUT", "1");

        DoctorRun run = doctorWith(claudeConfig(""), "--no-verify");

        assertTrue(normalised(run).contains(claude("✗ auth       not logged in", FakeClaudeHarness.LOGIN_STEP)),
                normalised(run));
        assertTrue(normalised(run).endsWith("\n0/1 harness ready\n(2 harnesses not used by any enabled route, not counted)\n"), normalised(run));
        assertEquals(1, run.exitCode());
    }

    @Test
    void meteredRouteIsProbedWithItsOverrideModelThroughItsOwnDispatcher() throws Exception {
        try (FakeOpenAiServer api = FakeOpenAiServer.start()) {
            env.put("TEST_API_KEY", "sk-doctor-test-key");
            Path cfg = config("""
                    priority: [gpt]
                    models:
                      gpt:
                        metered:
                          base_url: %s
                          api_key: ${TEST_API_KEY}
                          cli_model_override: gpt-test-1
                    """.formatted(api.baseUrl()));

            DoctorRun run = doctorWith(cfg);

            assertTrue(normalised(run).endsWith(ROUTES_HEADING + "  ✓ gpt::127.0.0.1:" + api.port()
                    + " model=gpt-test-1 via=" + api.baseUrl() + " Nms \"Hello from the fake server\"\n"
                    + "\n1/1 harness ready\n(2 harnesses not used by any enabled route, not counted)\n1/1 route answered\n"), normalised(run));
            assertEquals(0, run.exitCode());
            assertEquals(1, api.requestsFor("gpt-test-1").size());
            assertEquals("Bearer sk-doctor-test-key", api.lastRequest().authorization().orElseThrow());
        }
    }

    @Test
    void keyThatAProviderEchoesInItsErrorIsMasked() throws Exception {
        try (FakeOpenAiServer api = FakeOpenAiServer.start()) {
            api.defaultReply(FakeOpenAiServer.Reply.unauthorized());
            env.put("TEST_API_KEY", "sk-doctor-secret-value");
            Path cfg = config("""
                    priority: [gpt]
                    models:
                      gpt:
                        metered: {base_url: "%s", api_key: "${TEST_API_KEY}"}
                    """.formatted(api.baseUrl()));

            DoctorRun run = doctorWith(cfg);

            assertFalse(run.out().contains("sk-doctor-secret-value"), run.out());
            assertTrue(run.out().contains("Incorrect API key provided: ******."), run.out());
            assertEquals(1, run.exitCode());
        }
    }

    @Test
    void harnessOptionChecksOnlyThatHarnessAndOnlyItsRoutes() throws Exception {
        Path cfg = config("""
                priority: [opus, gpt]
                models:
                  opus:
                    subscription: {harness: claude_code}
                  gpt:
                    metered: {base_url: "http://127.0.0.1:9/v1"}
                """);

        DoctorRun run = doctorWith(cfg, "--harness", "claude_code");

        assertEquals(header("Config: ✓ ~/config.yaml: 2 routes (2 enabled), priority opus → gpt") + CLAUDE_READY
                + "\n" + ROUTES_HEADING
                + "  ✓ opus::claude_code model=opus via=claude Nms \"ok from claude (model opus)\"\n"
                + "\n1/1 harness ready\n1/1 route answered\n", normalised(run));
        assertEquals(0, run.exitCode());
    }

    @Test
    void harnessOptionAcceptsAnAlias() throws Exception {
        DoctorRun run = doctorWith(claudeConfig(""), "--harness", "builtin_alias", "--no-verify");

        assertEquals(header("Config: ✓ ~/config.yaml: 1 route (1 enabled), priority opus") + BUILTIN
                + "\nRoutes: not probed (--no-verify)\n\n1/1 harness ready\n", normalised(run));
        assertEquals(0, run.exitCode());
    }

    @Test
    void unknownHarnessIsAUsageErrorThatListsTheKnownOnes() throws Exception {
        DoctorRun run = doctorWith(claudeConfig(""), "--harness", "nope");

        assertEquals(2, run.exitCode());
        assertEquals("", run.out());
        assertTrue(run.err().startsWith("--harness: unknown harness 'nope'. Known harnesses: builtin_test,"
                + " claude_code, openai_compatible\nUsage: harness-router doctor"), run.err());
    }

    @Test
    void noVerifyChecksInstallationButSendsNoPrompt() throws Exception {
        DoctorRun run = doctorWith(claudeConfig(""), "--no-verify");

        assertEquals(header("Config: ✓ ~/config.yaml: 1 route (1 enabled), priority opus") + BUILTIN + CLAUDE_READY
                + API + "\nRoutes: not probed (--no-verify)\n\n1/1 harness ready\n(2 harnesses not used by any enabled route, not counted)\n", normalised(run));
        assertEquals(List.of("--version", "---"), argv());
        assertEquals(0, run.exitCode());
    }

    @Test
    void probeRoutesIsTheDefaultBehaviour() throws Exception {
        Path cfg = claudeConfig("");

        String withFlag = normalised(doctorWith(cfg, "--probe-routes"));
        String without = normalised(doctorWith(cfg));

        assertEquals(without, withFlag);
        assertTrue(withFlag.endsWith("1/1 route answered\n"), withFlag);
    }

    @Test
    void probeRoutesTogetherWithNoVerifyIsAUsageError() throws Exception {
        DoctorRun run = doctorWith(claudeConfig(""), "--probe-routes", "--no-verify");

        assertEquals(2, run.exitCode());
        assertTrue(run.err().startsWith("--probe-routes and --no-verify contradict each other: pass one of them\n"),
                run.err());
    }

    @Test
    void disabledRoutesAreListedButNotCountedAndRoutesWithoutAPluginFail() throws Exception {
        Path cfg = config("""
                priority: [opus]
                models:
                  opus:
                    subscription:
                      - harness: claude_code
                        enabled: false
                      - harness: cursor
                        command: cursor-agent
                      - harness: claude_code
                """);

        DoctorRun run = doctorWith(cfg);

        assertTrue(normalised(run).endsWith(ROUTES_HEADING
                + "  - opus::claude_code model=opus via=claude skipped: disabled in config (enabled: false)\n"
                + "  ✗ opus::cursor model=opus via=cursor-agent not tried → no plugin provides harness 'cursor'"
                + " (installed: builtin_test, claude_code, openai_compatible); install the harness's plugin into"
                + " ~/.harness-router/plugins (see docs/plugins.md) or fix the name\n"
                + "  ✓ opus::claude_code#1 model=opus via=claude Nms \"ok from claude (model opus)\"\n"
                + "\n1/1 harness ready\n(2 harnesses not used by any enabled route, not counted)\n1/2 routes answered\n"
                + "1 enabled route cannot run (listed under Config); fix them or set enabled: false\n"), normalised(run));
        assertEquals(1, run.exitCode());
    }

    private static final String NO_PLUGIN = "no plugin provides harness '%s' (installed: builtin_test, claude_code,"
            + " openai_compatible); install the harness's plugin into ~/.harness-router/plugins (see docs/plugins.md)"
            + " or fix the name";

    @Test
    void noVerifyFailsAndListsEnabledRoutesWhoseHarnessNoPluginProvides() throws Exception {
        Path cfg = config("""
                priority: [opus, gpt, gemini]
                models:
                  opus:
                    subscription: {harness: claude_code}
                  gpt:
                    subscription:
                      - harness: codex
                      - harness: copilot
                  gemini:
                    subscription: {harness: gemini_cli}
                """);

        DoctorRun run = doctorWith(cfg, "--no-verify");

        assertEquals(header("Config: ✓ ~/config.yaml: 4 routes (4 enabled), priority opus → gpt → gemini\n"
                + "  ✗ 3 enabled routes cannot run:\n"
                + "    gpt::codex: " + NO_PLUGIN.formatted("codex") + "\n"
                + "    gpt::copilot: " + NO_PLUGIN.formatted("copilot") + "\n"
                + "    gemini::gemini_cli: " + NO_PLUGIN.formatted("gemini_cli"))
                + BUILTIN + CLAUDE_READY + API + "\nRoutes: not probed (--no-verify)\n\n1/1 harness ready\n"
                + "(2 harnesses not used by any enabled route, not counted)\n"
                + "3 enabled routes cannot run (listed under Config); fix them or set enabled: false\n", normalised(run));
        assertEquals(1, run.exitCode());
    }

    @Test
    void theReadmeExampleWithNoApiKeyRoutesThroughClaudeAndNamesTheMissingKeys() throws Exception {
        String readme = Files.readString(Path.of("..", "README.md"));
        int start = readme.indexOf("```yaml\n", readme.indexOf("## Configure")) + "```yaml\n".length();
        Path cfg = config(readme.substring(start, readme.indexOf("```", start)));

        DoctorRun run = doctorWith(cfg);

        String out = normalised(run);
        assertTrue(out.contains("  ✓ opus::claude_code model=opus via=claude Nms \"ok from claude (model opus)\"\n"), out);
        assertTrue(out.contains("  ✗ opus::api.anthropic.com model=claude-opus-4-5 via=https://api.anthropic.com/v1"
                + " not tried → needs ANTHROPIC_API_KEY, which is not set: "), out);
        assertTrue(out.contains("  ✗ gpt::api.openai.com model=gpt-5.5 via=https://api.openai.com/v1"
                + " not tried → needs OPENAI_API_KEY, which is not set: "), out);
        assertTrue(out.contains("  ✗ 2 enabled routes cannot run:\n    opus::api.anthropic.com: needs ANTHROPIC_API_KEY,"), out);
        assertTrue(out.endsWith("1/3 routes answered\n"
                + "2 enabled routes cannot run (listed under Config); fix them or set enabled: false\n"), out);
        assertEquals(1, run.exitCode());
    }

    @Test
    void everyDistinctCommandOfTheEnabledRoutesIsChecked() throws Exception {
        Path other = FakeClis.install("claude", Files.createDirectories(home.resolve("other")));
        Path cfg = config("""
                priority: [opus]
                models:
                  opus:
                    subscription:
                      - {harness: claude_code}
                      - {harness: claude_code, command: %1$s}
                      - {harness: claude_code, command: %1$s}
                      - {harness: claude_code, command: /nowhere/claude, enabled: false}
                """.formatted(other));

        DoctorRun run = doctorWith(cfg, "--harness", "claude_code", "--no-verify");

        assertTrue(normalised(run).contains(CLAUDE_READY + """
                  claude_code — Claude Code CLI (test double) — command ~/other/claude
                    ✓ installed  2.1.330 at ~/other/claude
                    - auth       unknown until a route answers
                      claude 2.1.330 at ~/other/claude

                Routes: not probed (--no-verify)
                """), normalised(run));
    }

    @Test
    void probeThatThrowsIsAFailedCheckNotACrash() throws Exception {
        plugins = DoctorTestPlugin.pluginsDir(Files.createDirectories(home.resolve("throwing")),
                List.of(ThrowingProbeHarness.class));

        DoctorRun run = doctorWith(claudeConfig(""), "--harness", "throwing_probe");

        assertTrue(normalised(run).contains("""
                  throwing_probe — Throwing probe — command throwing-cli
                    ✗ check failed: the throwing_probe check failed: java.lang.IllegalStateException: boom in check
                """), normalised(run));
        assertTrue(normalised(run).endsWith("Routes: none configured for throwing_probe\n\n0/1 harness ready\n"),
                normalised(run));
        assertEquals(1, run.exitCode());
    }

    @Test
    void configAndPluginsDirGivenBeforeTheCommandAreUsed() throws Exception {
        Path cfg = claudeConfig("");

        DoctorRun run = doctor("--config", cfg.toString(), "--plugins-dir", plugins.toString(), "doctor", "--no-verify");

        assertTrue(normalised(run).startsWith(header("Config: ✓ ~/config.yaml: 1 route (1 enabled), priority opus")),
                normalised(run));
        assertEquals(0, run.exitCode());
    }

    @Test
    void pipedReportCarriesNoAnsiEscapeCodes() throws Exception {
        env.put("PATH", home.resolve("empty").toString());

        DoctorRun run = doctorWith(claudeConfig(""));

        assertAll(() -> assertTrue(run.out().contains("✗"), run.out()),
                () -> assertFalse(run.out().contains("\u001b"), run.out()),
                () -> assertFalse(run.err().contains("\u001b"), run.err()));
    }

    @Test
    void terminalReportMarksResultsInColour() throws Exception {
        DoctorRun run = DoctorRun.run(env, Optional.of(Style.COLOUR),
                "doctor", "--config", claudeConfig("").toString(), "--plugins-dir", plugins.toString());

        assertTrue(run.out().contains("  \u001b[32m✓\u001b[0m opus::claude_code model=opus via=claude "), run.out());
        assertEquals(0, run.exitCode());
    }

    @Test
    void pluginProblemsGoToStderrAndConfigWarningsAreShown() throws Exception {
        Files.writeString(plugins.resolve("broken.jar"), "not a jar");
        Path cfg = config("""
                priority: [opus]
                colour: blue
                models:
                  opus:
                    subscription: {harness: claude_code}
                """);

        DoctorRun run = doctorWith(cfg, "--no-verify");

        assertTrue(normalised(run).startsWith("""
                harness-router doctor (version dev)

                Plugins: 3 harnesses (builtin_test, claude_code, openai_compatible) from ~/plugins
                  ✗ 1 plugin could not be used; the problems are listed on stderr
                Config: ✓ ~/config.yaml: 1 route (1 enabled), priority opus
                  warning: ~/config.yaml:2: colour: unknown top-level key, ignored
                """), normalised(run));
        assertTrue(run.err().startsWith("plugin problem: " + plugins.resolve("broken.jar")), run.err());
        assertEquals(1, run.err().lines().count(), run.err());
        assertEquals(0, run.exitCode(), "a plugin no route uses does not fail the check");
    }

    @Test
    void relativeConfigPathIsShownAbsolute() throws Exception {
        claudeConfig("");
        Path relative = Path.of("").toAbsolutePath().relativize(home.resolve("config.yaml"));

        DoctorRun run = doctor("doctor", "--config", relative.toString(), "--plugins-dir", plugins.toString(),
                "--no-verify");

        assertTrue(run.out().contains("Config: ✓ " + home.resolve("config.yaml") + ": 1 route"), run.out());
    }
}
