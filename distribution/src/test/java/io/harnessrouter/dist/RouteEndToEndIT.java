package io.harnessrouter.dist;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.harnessrouter.api.testkit.FakeClis;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code harness-router route} and {@code why} through the built launcher with the bundled Claude
 * Code plugin (stream-json) driving the fake {@code claude}: the parsed answer on stdout, never the
 * CLI's JSON; the decision read back by another process; SIGINT kills the running CLI's tree.
 */
@Timeout(120)
class RouteEndToEndIT {
    private static final Path DIST = Path.of(System.getProperty("harness-router.dist", "../dist/harness-router"));

    @TempDir
    Path home;

    Path bin;
    Path state;

    @BeforeEach
    void setUp() throws Exception {
        bin = Files.createDirectories(home.resolve("bin"));
        FakeClis.install("claude", bin);
        state = home.resolve("state.db");
    }

    /** The launcher with these arguments, the temp state file and, when given, the config. */
    private ProcessBuilder launcher(Path config, String... args) {
        List<String> cmd = new ArrayList<>(List.of(DIST.resolve("bin/harness-router").toString()));
        cmd.addAll(List.of(args));
        cmd.addAll(List.of("--state-db", state.toString()));
        if (config != null) {
            cmd.addAll(List.of("--config", config.toString()));
        }
        ProcessBuilder pb = new ProcessBuilder(cmd);
        Map<String, String> env = pb.environment();
        env.keySet().removeIf(k -> k.startsWith("ANTHROPIC_") || k.startsWith("CLAUDE_") || k.startsWith("HARNESS_ROUTER_"));
        env.put("HOME", home.toString());
        env.put("PATH", bin + ":" + System.getenv("PATH"));
        return pb;
    }

    private Path config(String env) throws Exception {
        return Files.writeString(home.resolve("config.yaml"), """
                priority: [opus]
                models:
                  opus:
                    subscription:
                      harness: claude_code
                      cli_model_override: claude-opus-4-1
                      env: {%s}
                """.formatted(env));
    }

    @Test
    void routePrintsTheParsedAnswerAndWhyInAnotherProcessShowsItsDecision() throws Exception {
        Path config = config("FAKE_CLAUDE_ANSWER: \"the answer, parsed\"");
        Process p = launcher(config, "route", "fix the bug").redirectError(home.resolve("route.err").toFile()).start();
        p.getOutputStream().close();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        String err = Files.readString(home.resolve("route.err"));

        assertEquals(0, p.exitValue(), err);
        assertEquals("the answer, parsed\n", out, err);
        assertTrue(err.contains("→ opus::claude_code (model=opus tier=subscription"), err);
        assertTrue(err.contains("✓ opus::claude_code  succeeded in "), err);
        assertFalse(err.contains("Exception"), err);
        assertFalse(err.contains("[INFO]"), "the runtime's info log only with --debug: " + err);

        Process why = launcher(null, "why", "--json").redirectError(home.resolve("why.err").toFile()).start();
        String json = new String(why.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(why.waitFor(60, TimeUnit.SECONDS));
        assertEquals(0, why.exitValue(), Files.readString(home.resolve("why.err")));
        JsonNode decisions = new ObjectMapper().readTree(json);
        assertEquals(1, decisions.size(), json);
        assertEquals("route", decisions.get(0).get("origin").asText());
        assertEquals(p.pid(), decisions.get(0).get("pid").asLong());
        assertEquals("opus::claude_code", decisions.get(0).get("chosen_route").asText());
    }

    @Test
    void sigintCancelsTheDispatchKillsTheCliTreeAndExits130() throws Exception {
        Path pidFile = home.resolve("child.pid");
        Path config = config("FAKE_CLAUDE_MODE: hang, FAKE_CLAUDE_PIDFILE: " + pidFile);
        Process p = launcher(config, "route", "hang").redirectError(home.resolve("route.err").toFile()).start();
        p.getOutputStream().close();
        long child = awaitPid(pidFile);
        assertTrue(FakeClis.isRunning(child), "the fake CLI's child runs");

        new ProcessBuilder("kill", "-INT", Long.toString(p.pid())).start().waitFor();

        assertTrue(p.waitFor(30, TimeUnit.SECONDS), "route exits after SIGINT");
        String err = Files.readString(home.resolve("route.err"));
        assertEquals(130, p.exitValue(), err);
        assertTrue(err.contains("harness-router route: cancelled by SIGINT; the running CLI was stopped."), err);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (FakeClis.isRunning(child) && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertFalse(FakeClis.isRunning(child), "the CLI's child was killed");
    }

    private static long awaitPid(Path pidFile) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!(Files.exists(pidFile) && !Files.readString(pidFile).isBlank()) && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        return Long.parseLong(Files.readString(pidFile).trim());
    }
}
