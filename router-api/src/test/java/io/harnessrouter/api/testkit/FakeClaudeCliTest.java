package io.harnessrouter.api.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.harnessrouter.api.support.ProcessOutcome;
import io.harnessrouter.api.support.ProcessSpec;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The fake claude must reject what the real one rejects, or plugin tests prove nothing. */
class FakeClaudeCliTest {

    @TempDir
    Path dir;

    private TestHarnessContext ctx;
    private Path claude;

    @BeforeEach
    void install() {
        claude = FakeClis.install("claude", dir);
        ctx = TestHarnessContext.builder().withoutEnv("FAKE_CLAUDE_MODE").build();
    }

    @AfterEach
    void close() {
        ctx.close();
    }

    @Test
    void answersTheVerifiedHeadlessArgvWithAResultObject() {
        ProcessOutcome o = run(Map.of(), "-p", "--output-format", "json", "--model", "sonnet",
                "--permission-mode", "acceptEdits", "--", "-starts with a dash");

        assertEquals(0, o.exitCode());
        assertTrue(o.stdout().startsWith("{\"type\":\"result\",\"subtype\":\"success\",\"is_error\":false,"), o.stdout());
        assertTrue(o.stdout().contains("\"result\":\"ok from claude (model sonnet)\""), o.stdout());
    }

    @Test
    void printsItsVersion() {
        assertEquals("2.1.330 (Claude Code)\n", run(Map.of(), "--version").stdout());
    }

    @Test
    void rejectsBadArgvLikeCommander() {
        assertUsageError("error: option '--output-format <format>' argument 'yaml' is invalid. Allowed choices are text, json, stream-json.",
                "-p", "--output-format", "yaml", "--", "hi");
        assertUsageError("error: unknown option '--x'", "-p", "--x", "--", "hi");
        assertUsageError("error: option '--model <model>' argument missing", "-p", "--model");
        assertUsageError("error: too many arguments. Expected 1 argument but got 2.", "-p", "--", "a", "b");
        assertUsageError("Error: When using --print, --output-format=stream-json requires --verbose",
                "-p", "--output-format", "stream-json", "--", "hi");
    }

    @Test
    void logsTheExactArgvAndTheRetryVariable() throws IOException {
        Path argv = dir.resolve("argv.log");
        Path env = dir.resolve("env.log");

        run(Map.of("FAKE_CLAUDE_ARGV_LOG", argv.toString(), "FAKE_CLAUDE_ENV_LOG", env.toString(),
                "CLAUDE_CODE_MAX_RETRIES", "0"), "-p", "--", "two\nlines");

        assertEquals("-p\n--\ntwo\nlines\n---\n", Files.readString(argv));
        assertTrue(Files.readString(env).startsWith("CLAUDE_CODE_MAX_RETRIES=0\nPWD="));
    }

    private void assertUsageError(String message, String... args) {
        ProcessOutcome o = run(Map.of(), args);
        assertEquals(1, o.exitCode());
        assertEquals(message + "\n", o.stderr());
        assertEquals("", o.stdout());
    }

    private ProcessOutcome run(Map<String, String> env, String... args) {
        List<String> argv = new ArrayList<>();
        argv.add(claude.toString());
        argv.addAll(List.of(args));
        return ctx.processRunner().run(ProcessSpec.builder(argv).env(env).build());
    }
}
