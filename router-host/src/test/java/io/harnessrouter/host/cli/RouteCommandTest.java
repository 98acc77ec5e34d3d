package io.harnessrouter.host.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.harnessrouter.api.testkit.FakeClis;
import io.harnessrouter.host.doctor.DoctorTestPlugin;
import io.harnessrouter.host.doctor.testplugin.FakeApiHarness;
import io.harnessrouter.host.doctor.testplugin.FakeClaudeHarness;
import io.harnessrouter.host.doctor.testplugin.FakeStreamingHarness;
import io.harnessrouter.host.state.DecisionRecord;
import io.harnessrouter.host.state.SqliteStateStore;
import java.io.ByteArrayInputStream;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code harness-router route} end to end in process: the real runtime, the test kit's fake
 * {@code claude} on PATH behind a claude_code test plugin, a temp config and a temp state file.
 */
@Timeout(60)
class RouteCommandTest {
    @TempDir
    Path home;

    final Map<String, String> env = new HashMap<>();
    Path config;
    Path state;

    @BeforeEach
    void setUp() throws Exception {
        Path bin = Files.createDirectories(home.resolve("bin"));
        FakeClis.install("claude", bin);
        env.put("HOME", home.toString());
        env.put("PATH", bin + ":/usr/bin:/bin");
        DoctorTestPlugin.pluginsDir(home, List.of(FakeClaudeHarness.class, FakeApiHarness.class,
                FakeStreamingHarness.class));
        state = home.resolve("state.db");
        config = Files.writeString(home.resolve("config.yaml"), """
                priority: [opus, gpt]
                models:
                  opus:
                    subscription:
                      - harness: claude_code
                  gpt:
                    metered:
                      - base_url: http://127.0.0.1:9/v1
                        api_key: sk-route-test-secret
                  live:
                    subscription:
                      - harness: stream_test
                """);
    }

    private CliRun route(String stdin, String... args) {
        List<String> all = new java.util.ArrayList<>(List.of("route", "--config", config.toString(), "--state-db",
                state.toString(), "--plugins-dir", home.resolve("plugins").toString()));
        all.addAll(List.of(args));
        return CliRun.run(env, stdin, all.toArray(String[]::new));
    }

    @Test
    void theParsedAnswerGoesToStdoutAndTheDecisionWithItsTraceToStderr() {
        CliRun r = route("", "--cwd", home.toString(), "fix the bug");

        assertEquals(0, r.exitCode(), r.err());
        assertEquals("ok from claude (model opus)\n", r.out());
        assertTrue(r.err().contains("→ opus::claude_code (model=opus tier=subscription"), r.err());
        assertTrue(r.err().contains("route pid " + ProcessHandle.current().pid()), r.err());
        assertTrue(r.err().contains("single: answered by opus::claude_code in "), r.err());
        assertTrue(r.err().lines().anyMatch(l -> l.matches("  ✓ opus::claude_code  succeeded in \\d+ ms")), r.err());
    }

    @Test
    void thePromptIsReadFromStdinWhenItIsADash() throws Exception {
        Path log = home.resolve("prompt.log");
        env.put("FAKE_CLAUDE_PROMPT_LOG", log.toString());

        CliRun r = route("a prompt\nover two lines\n", "-");

        assertEquals(0, r.exitCode(), r.err());
        assertEquals("a prompt\nover two lines\n", Files.readString(log));
    }

    @Test
    void wordsAfterTheOptionsAreJoinedIntoOnePromptAsTheNpmToolDid() throws Exception {
        Path log = home.resolve("prompt.log");
        env.put("FAKE_CLAUDE_PROMPT_LOG", log.toString());

        CliRun r = route("", "--model", "opus", "fix", "the", "bug");

        assertEquals(0, r.exitCode(), r.err());
        assertEquals("fix the bug", Files.readString(log));
    }

    @Test
    void exitsOneWithEveryRouteInTheErrorWhenEveryRouteFails() {
        env.put("FAKE_CLAUDE_MODE", "auth");

        CliRun r = route("", "say hi");

        assertEquals(1, r.exitCode(), r.err());
        assertEquals("", r.out());
        assertTrue(r.err().contains("All 2 routes failed for model priority [opus, gpt]:"), r.err());
        assertTrue(r.err().contains("✗ opus::claude_code  failed in "), r.err());
        assertTrue(r.err().contains("✗ gpt::127.0.0.1:9  failed in "), r.err());
        assertTrue(r.err().contains("single: no route answered"), r.err());
        assertFalse(r.err().contains("sk-route-test-secret"), r.err());
    }

    @Test
    void theAnswerStreamsOnStdoutWhileTheRouteIsStillRunning() throws Exception {
        Path go = home.resolve("go");
        env.put(FakeStreamingHarness.GO_FILE_VAR, go.toString());
        StringWriter out = new StringWriter();
        List<String> args = List.of("route", "--config", config.toString(), "--state-db", state.toString(),
                "--plugins-dir", home.resolve("plugins").toString(), "--service", "live::stream_test", "stream it");
        CompletableFuture<CliRun> run = CompletableFuture.supplyAsync(() ->
                CliRun.run(env, new ByteArrayInputStream(new byte[0]), out, args.toArray(String[]::new)));

        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        String seen = "";
        while (!seen.contains(FakeStreamingHarness.FIRST) && System.nanoTime() < deadline) {
            Thread.sleep(20);
            synchronized (out) {
                seen = out.toString();
            }
        }
        assertEquals(FakeStreamingHarness.FIRST, seen, "the first chunk is on stdout before the route ends");
        assertFalse(run.isDone());
        Files.createFile(go);
        CliRun r = run.get(20, TimeUnit.SECONDS);

        assertEquals(0, r.exitCode(), r.err());
        assertEquals(FakeStreamingHarness.FIRST + FakeStreamingHarness.SECOND, r.out(), "streamed once, not repeated");
    }

    @Test
    void theDecisionIsRecordedInTheStateFileWithoutThePrompt() {
        env.put("FAKE_CLAUDE_MODE", "auth");
        route("", "--model", "gpt", "the secret plan");

        try (SqliteStateStore store = SqliteStateStore.open(state)) {
            List<DecisionRecord> decisions = store.recentDecisions(10);
            assertEquals(1, decisions.size());
            DecisionRecord d = decisions.get(0);
            assertEquals("route", d.origin());
            assertEquals("single", d.mode());
            assertFalse(d.success());
            assertEquals(List.of("gpt::127.0.0.1:9", "opus::claude_code"),
                    d.steps().stream().map(DecisionRecord.Step::routeId).toList(), "hint model first");
            assertEquals(List.of("failed", "failed"), d.steps().stream().map(DecisionRecord.Step::status).toList());
            assertFalse(d.toString().contains("the secret plan"));
        }
    }

    @Test
    void fanoutPrintsEveryAnswerUnderItsRouteId() {
        CliRun r = route("", "--mode", "fanout", "--model", "opus", "compare");

        assertEquals(0, r.exitCode(), r.err());
        assertEquals("=== opus::claude_code ===\nok from claude (model opus)\n\n", r.out());
        assertTrue(r.err().contains("fanout: answered in "), r.err());
    }

    @Test
    void badInvocationsAreUsageErrorsWithoutAStackTrace() {
        CliRun noPrompt = route("");
        CliRun both = route("", "--mode", "fanout", "--service", "opus::claude_code", "x");
        CliRun badCwd = route("", "--cwd", home.resolve("missing").toString(), "x");
        CliRun emptyStdin = route("  \n", "-");

        assertEquals(2, noPrompt.exitCode());
        assertTrue(noPrompt.err().contains("Missing required parameter: '<prompt>'"), noPrompt.err());
        assertEquals(2, both.exitCode());
        assertTrue(both.err().contains("--service forces one route and --mode fanout runs many"), both.err());
        assertEquals(2, badCwd.exitCode());
        assertTrue(badCwd.err().contains("--cwd " + home.resolve("missing") + " is not a directory"), badCwd.err());
        assertEquals(2, emptyStdin.exitCode());
        assertTrue(emptyStdin.err().contains("stdin prompt is empty"), emptyStdin.err());
        for (CliRun r : List.of(noPrompt, both, badCwd, emptyStdin)) {
            assertFalse(r.err().contains("Exception"), r.err());
        }
    }

    @Test
    void aMissingConfigExitsOneWithTheReason() {
        config = home.resolve("nope.yaml");

        CliRun r = route("", "x");

        assertEquals(1, r.exitCode(), r.err());
        assertTrue(r.err().startsWith("harness-router route: "), r.err());
        assertTrue(r.err().contains("nope.yaml"), r.err());
        assertFalse(r.err().contains("Exception"), r.err());
    }
}
