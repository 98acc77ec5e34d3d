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

    @Test
    void readsThePromptFromStdinWhenNoPromptArgumentIsGiven() throws IOException {
        Path prompt = dir.resolve("prompt.log");
        String text = "é".repeat(300_000) + "\nlast line\n";

        ProcessOutcome o = ctx.processRunner().run(ProcessSpec.builder(List.of(claude.toString(), "-p",
                "--output-format", "json")).env(Map.of("FAKE_CLAUDE_PROMPT_LOG", prompt.toString())).stdin(text).build());

        assertEquals(0, o.exitCode(), o.stderr());
        assertTrue(o.stdout().contains("\"result\":\"ok from claude"), o.stdout());
        assertEquals(text, Files.readString(prompt));
    }

    @Test
    void wantsAPromptArgumentOrStdinLikeClaude() {
        assertUsageError("Error: Input must be provided either through stdin or as a prompt argument when using --print",
                "-p", "--output-format", "json");
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
